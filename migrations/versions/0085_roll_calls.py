"""roll calls (INSPECT-1): the calls and the cadres they call; one open window per cadre

Revision ID: 0085
Revises: 0060
Create Date: 2026-12-02 03:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0085'
down_revision = '0080'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('roll_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caller_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=True),
    sa.Column('drawn', sa.Boolean(), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['caller_id'], ['people.id'], name=op.f('fk_roll_calls_caller_id_people')),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_roll_calls_town_id_towns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roll_calls'))
    )
    op.create_index('ix_roll_calls_open', 'roll_calls', ['closed_at', 'answer_by'], unique=False)
    op.create_index(op.f('ix_roll_calls_town_id'), 'roll_calls', ['town_id'], unique=False)
    op.create_table('roll_call_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roll_call_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('in_window', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checkin_id'], ['checkins.id'], name=op.f('fk_roll_call_people_checkin_id_checkins')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_roll_call_people_person_id_people')),
    sa.ForeignKeyConstraint(['roll_call_id'], ['roll_calls.id'], name=op.f('fk_roll_call_people_roll_call_id_roll_calls')),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], name=op.f('fk_roll_call_people_town_id_towns')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_roll_call_people_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roll_call_people'))
    )
    op.create_index('ix_roll_call_people_call', 'roll_call_people', ['roll_call_id'], unique=False)
    op.create_index(op.f('ix_roll_call_people_town_id'), 'roll_call_people', ['town_id'], unique=False)
    # INSPECT-1: no cadre in two open answer windows (the 409 guard).
    op.create_index('uq_roll_call_people_in_window', 'roll_call_people', ['person_id'], unique=True,
                    sqlite_where=sa.text('in_window'), postgresql_where=sa.text('in_window'))


def downgrade():
    op.drop_index('uq_roll_call_people_in_window', table_name='roll_call_people')
    op.drop_index(op.f('ix_roll_call_people_town_id'), table_name='roll_call_people')
    op.drop_index('ix_roll_call_people_call', table_name='roll_call_people')
    op.drop_table('roll_call_people')
    op.drop_index(op.f('ix_roll_calls_town_id'), table_name='roll_calls')
    op.drop_index('ix_roll_calls_open', table_name='roll_calls')
    op.drop_table('roll_calls')
