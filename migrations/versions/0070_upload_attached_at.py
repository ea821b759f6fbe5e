"""VIEW-3: uploads know whether a record holds them (``attached_at``), so a photo is shown to
whoever may read that record and an unattached one only to its uploader.

Existing photos of check-ins and work logs (and the logs' earlier versions) are marked attached
at their upload time.

Revision ID: 0070
Revises: 0060
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0070'
down_revision = '0061'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('uploads') as batch:
        batch.add_column(sa.Column('attached_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE uploads SET attached_at = created_at WHERE id IN "
               "(SELECT photo_id FROM checkins WHERE photo_id IS NOT NULL)")
    bind = op.get_bind()
    ids: set[int] = set()
    for table in ('work_logs', 'work_log_versions'):
        for (raw,) in bind.execute(sa.text(f"SELECT photo_ids FROM {table}")):
            value = json.loads(raw) if isinstance(raw, str) else raw
            ids.update(int(i) for i in value or [])
    uploads = sa.table('uploads', sa.column('id', sa.Integer), sa.column('attached_at'),
                       sa.column('created_at'))
    for chunk in [sorted(ids)[i:i + 500] for i in range(0, len(ids), 500)]:
        bind.execute(uploads.update().where(uploads.c.id.in_(chunk), uploads.c.attached_at.is_(None))
                     .values(attached_at=uploads.c.created_at))


def downgrade():
    with op.batch_alter_table('uploads') as batch:
        batch.drop_column('attached_at')
