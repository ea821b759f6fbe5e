"""board readings (VIEW-1, VIEW-2): a board computed once per reading, its pages served from it

Revision ID: 0091
Revises: 0088
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0091'
down_revision = '0088'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'board_readings',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('query', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('board', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_board_readings_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_board_readings')),
    )
    op.create_index(op.f('ix_board_readings_expires_at'), 'board_readings', ['expires_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_board_readings_expires_at'), table_name='board_readings')
    op.drop_table('board_readings')
