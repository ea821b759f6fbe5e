"""job locks: one row per job whose steps run one at a time (ATT-5: the day close)

Revision ID: 0020
Revises: 0014
Create Date: 2026-12-01 22:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_locks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_locks'))
    )


def downgrade():
    op.drop_table('job_locks')
