"""recall cases: automatic withdrawal with its cause, reopening for review (RECALL-3)

Revision ID: 0061
Revises: 0060
"""
from alembic import op
import sqlalchemy as sa


revision = '0061'
down_revision = '0060'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recall_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cause', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reopened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reopen_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('history', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_recall_cases_reopened_by_id_people'), 'people',
                                    ['reopened_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('recall_cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recall_cases_reopened_by_id_people'), type_='foreignkey')
        for column in ('history', 'reopen_reason', 'reopened_by_id', 'reopened_at', 'withdrawn_at', 'cause'):
            batch_op.drop_column(column)
