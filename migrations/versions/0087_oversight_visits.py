"""oversight visits (INSPECT-2, VISIT-1): spot checks, inspections, unit visits, roll calls counted

Revision ID: 0087
Revises: 0086
Create Date: 2026-12-02 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0087'
down_revision = '0086'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oversight_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('rule', sa.String(length=12), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('roll_call_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('distance_m', sa.Float(), nullable=True),
    sa.Column('counts', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['people.id'], name=op.f('fk_oversight_visits_by_id_people')),
    sa.ForeignKeyConstraint(['roll_call_id'], ['roll_calls.id'], name=op.f('fk_oversight_visits_roll_call_id_roll_calls')),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_oversight_visits_town_id_towns')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_oversight_visits_unit_id_units')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_oversight_visits_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oversight_visits')),
    sa.UniqueConstraint('roll_call_id', name=op.f('uq_oversight_visits_roll_call_id'))
    )
    op.create_index('ix_oversight_visits_day', 'oversight_visits', ['day', 'kind'], unique=False)


def downgrade():
    op.drop_index('ix_oversight_visits_day', table_name='oversight_visits')
    op.drop_table('oversight_visits')
