"""work logs: work_logs (one per person per day), work_log_versions, work_log_comments (LOG-1, LOG-2, LOG-5)

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-27 00:12:37.043137

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('work_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('photo_ids', sa.JSON(), nullable=False),
    sa.Column('first_written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_work_logs_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_logs')),
    sa.UniqueConstraint('person_id', 'day', name=op.f('uq_work_logs_person_id_day'))
    )
    with op.batch_alter_table('work_logs', schema=None) as batch_op:
        batch_op.create_index('ix_work_logs_day', ['day'], unique=False)

    op.create_table('work_log_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('author_role', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_work_log_comments_author_id_people')),
    sa.ForeignKeyConstraint(['log_id'], ['work_logs.id'], name=op.f('fk_work_log_comments_log_id_work_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_log_comments'))
    )
    with op.batch_alter_table('work_log_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_log_comments_log_id'), ['log_id'], unique=False)

    op.create_table('work_log_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('photo_ids', sa.JSON(), nullable=False),
    sa.Column('changed', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_work_log_versions_author_id_people')),
    sa.ForeignKeyConstraint(['log_id'], ['work_logs.id'], name=op.f('fk_work_log_versions_log_id_work_logs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_log_versions')),
    sa.UniqueConstraint('log_id', 'number', name=op.f('uq_work_log_versions_log_id_number'))
    )


def downgrade():
    op.drop_table('work_log_versions')
    with op.batch_alter_table('work_log_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_log_comments_log_id'))

    op.drop_table('work_log_comments')
    with op.batch_alter_table('work_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_work_logs_day')

    op.drop_table('work_logs')
