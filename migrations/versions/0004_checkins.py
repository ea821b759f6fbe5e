"""checkins: every check-in, accepted or rejected, unique per (person, Idempotency-Key) (CHK-3, CHK-7)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 00:13:50.080324

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=128), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('message', sa.String(length=200), nullable=False),
    sa.Column('message_en', sa.String(length=200), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=True),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('coord_system', sa.String(length=5), nullable=False),
    sa.Column('lat_wgs84', sa.Float(), nullable=False),
    sa.Column('lon_wgs84', sa.Float(), nullable=False),
    sa.Column('accuracy_m', sa.Float(), nullable=False),
    sa.Column('mock_location', sa.Boolean(), nullable=False),
    sa.Column('device_id', sa.String(length=128), nullable=True),
    sa.Column('photo_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_checkins_person_id_people')),
    sa.ForeignKeyConstraint(['photo_id'], ['uploads.id'], name=op.f('fk_checkins_photo_id_uploads')),
    sa.ForeignKeyConstraint(['village_id'], ['villages.id'], name=op.f('fk_checkins_village_id_villages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('person_id', 'idempotency_key', name=op.f('uq_checkins_person_id_idempotency_key'))
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_day_status', ['day', 'status'], unique=False)
        batch_op.create_index('ix_checkins_person_captured', ['person_id', 'captured_at'], unique=False)
        batch_op.create_index('ix_checkins_person_day', ['person_id', 'day'], unique=False)



def downgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_person_day')
        batch_op.drop_index('ix_checkins_person_captured')
        batch_op.drop_index('ix_checkins_day_status')

    op.drop_table('checkins')
