"""allowance rates (PAY-1): a unit's travel-meal rate, a village's distance tier

Revision ID: 0088
Revises: 0087
Create Date: 2026-12-02 04:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0088'
down_revision = '0087'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('units') as batch:
        batch.add_column(sa.Column('meal_rate_fen', sa.Integer(), nullable=True))
    with op.batch_alter_table('villages') as batch:
        batch.add_column(sa.Column('distance_tier', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('villages') as batch:
        batch.drop_column('distance_tier')
    with op.batch_alter_table('units') as batch:
        batch.drop_column('meal_rate_fen')
