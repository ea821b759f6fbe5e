"""Merge the heads of issue 11's rate-limit counters and issue 16's console web sessions.

Revision ID: 0050
Revises: 0025, 0040
"""

revision = '0050'
down_revision = ('0025', '0040')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
