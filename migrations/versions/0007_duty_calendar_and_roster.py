"""duty calendar and roster (DUTY-1..4): calendar overrides, duty assignments, roster changes

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-27 00:13:46.501150

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('workdays', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entered_by_id'], ['people.id'], name=op.f('fk_calendar_overrides_entered_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_overrides')),
    sa.UniqueConstraint('year', 'version', name=op.f('uq_calendar_overrides_year_version'))
    )
    op.create_table('duty_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_duty_assignments_person_id_people')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_duty_assignments_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_assignments')),
    sa.UniqueConstraint('village_id', 'day', 'person_id', name=op.f('uq_duty_assignments_village_id_day_person_id'))
    )
    op.create_index('ix_duty_assignments_day', 'duty_assignments', ['day'], unique=False)
    op.create_index('ix_duty_assignments_person_day', 'duty_assignments', ['person_id', 'day'], unique=False)

    op.create_table('duty_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('previous_person_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['people.id'], name=op.f('fk_duty_changes_changed_by_id_people')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_duty_changes_person_id_people')),
    sa.ForeignKeyConstraint(['previous_person_id'], ['people.id'], name=op.f('fk_duty_changes_previous_person_id_people')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_duty_changes_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_changes'))
    )
    op.create_index('ix_duty_changes_village_day', 'duty_changes', ['village_id', 'day'], unique=False)


def downgrade():
    op.drop_table('duty_changes')  # its index goes with it
    op.drop_table('duty_assignments')
    op.drop_table('calendar_overrides')
