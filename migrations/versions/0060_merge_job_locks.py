"""Merge issue 11's day-close lock table (0020) with the merged security/console heads (0050).

Revision ID: 0060
Revises: 0050, 0020
"""

revision = '0060'
down_revision = ('0050', '0020')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
