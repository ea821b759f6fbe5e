"""ASSESS-1/RECALL-2: the annual result's comment and who recorded it, and the history of every change.

Revision ID: 0090
Revises: 0060
"""

import sqlalchemy as sa
from alembic import op

revision = '0090'
down_revision = '0071'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('annual_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_annual_results_recorded_by_id_people'), 'people',
                                    ['recorded_by_id'], ['id'])
    op.create_table('annual_result_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('previous_grade', sa.String(length=8), nullable=True),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_annual_result_changes_person_id_people')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['people.id'],
                            name=op.f('fk_annual_result_changes_recorded_by_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_result_changes'))
    )
    with op.batch_alter_table('annual_result_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_result_changes_person_id'), ['person_id'], unique=False)


def downgrade():
    op.drop_table('annual_result_changes')
    with op.batch_alter_table('annual_results', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_annual_results_recorded_by_id_people'), type_='foreignkey')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('comment')
