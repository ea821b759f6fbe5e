"""rate-limit counters shared by every worker (issue 11); stored delivery errors redacted

Revision ID: 0025
Revises: 0014
Create Date: 2026-12-01 23:00:00

"""
from alembic import op
import sqlalchemy as sa

from app.redact import redact


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0014'
branch_labels = None
depends_on = None

# Error texts stored before redaction existed may hold a robot's ?key= or an access_token.
_TEXTS = (("alert_deliveries", "last_error", ""), ("alert_delivery_attempts", "error", ""),
          ("alerts", "body", " AND kind = 'delivery_failed'"))


def upgrade():
    op.create_table(
        'rate_limit_counters',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counters')),
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index('ix_rate_limit_counters_expires_at', ['expires_at'], unique=False)
    _redact_stored_errors()


def _redact_stored_errors():
    connection = op.get_bind()
    for table, column, only in _TEXTS:
        rows = connection.execute(sa.text(
            f"SELECT id, {column} FROM {table} WHERE {column} LIKE '%=%'{only}")).all()
        for row_id, value in rows:
            clean = redact(value)
            if clean != value:
                connection.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                                   {"value": clean, "id": row_id})


def downgrade():
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_limit_counters_expires_at')
    op.drop_table('rate_limit_counters')
