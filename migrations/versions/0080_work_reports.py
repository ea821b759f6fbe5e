"""REPORT-1: work reports of the village teams (one per village, level and period).

Revision ID: 0080
Revises: 0060
"""
from alembic import op
import sqlalchemy as sa

revision = '0080'
down_revision = '0090'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('work_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('to_level', sa.String(length=8), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('attachment_ids', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_work_reports_author_id_people')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_work_reports_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_reports')),
    sa.UniqueConstraint('village_id', 'to_level', 'period', name=op.f('uq_work_reports_village_id_to_level_period'))
    )
    with op.batch_alter_table('work_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_reports_village_id'), ['village_id'], unique=False)


def downgrade():
    with op.batch_alter_table('work_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_reports_village_id'))
    op.drop_table('work_reports')
