"""CHK-9: attendance corrections (补卡) and their approval steps (the leave chain, LV-4).

Revision ID: 0071
Revises: 0070
"""
import sqlalchemy as sa
from alembic import op

revision = '0071'
down_revision = '0070'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'attendance_corrections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('village_id', sa.Integer(), nullable=False),
        sa.Column('requester_role', sa.String(length=10), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('photo_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_attendance_corrections_person_id_people')),
        sa.ForeignKeyConstraint(['village_id'], ['villages.id'],
                                name=op.f('fk_attendance_corrections_village_id_villages')),
        sa.ForeignKeyConstraint(['photo_id'], ['uploads.id'], name=op.f('fk_attendance_corrections_photo_id_uploads')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_corrections')),
    )
    with op.batch_alter_table('attendance_corrections') as batch:
        batch.create_index('ix_attendance_corrections_person_day', ['person_id', 'day'], unique=False)
        batch.create_index('ix_attendance_corrections_status_day', ['status', 'day'], unique=False)
    op.create_table(
        'correction_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('approver_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('reassigned_from_id', sa.Integer(), nullable=True),
        sa.Column('reassigned_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['approver_id'], ['people.id'], name=op.f('fk_correction_steps_approver_id_people')),
        sa.ForeignKeyConstraint(['reassigned_from_id'], ['people.id'],
                                name=op.f('fk_correction_steps_reassigned_from_id_people')),
        sa.ForeignKeyConstraint(['request_id'], ['attendance_corrections.id'],
                                name=op.f('fk_correction_steps_request_id_attendance_corrections'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_steps')),
        sa.UniqueConstraint('request_id', 'position', name=op.f('uq_correction_steps_request_id_position')),
    )
    with op.batch_alter_table('correction_steps') as batch:
        batch.create_index('ix_correction_steps_approver_status', ['approver_id', 'status'], unique=False)


def downgrade():
    op.drop_table('correction_steps')
    op.drop_table('attendance_corrections')
