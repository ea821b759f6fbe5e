"""terms and handovers (ORG-5): a posting's planned end, and the handover of a rotation

Revision ID: 0086
Revises: 0085
Create Date: 2026-12-02 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0086'
down_revision = '0085'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('postings') as batch:
        batch.add_column(sa.Column('planned_end_date', sa.Date(), nullable=True))
        batch.create_index(batch.f('ix_postings_planned_end_date'), ['planned_end_date'], unique=False)
    # ORG-5: postings stored before terms were kept get the default term (term_min_years: 2).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("UPDATE postings SET planned_end_date = (start_date + interval '2 years' - interval '1 day')::date")
    else:
        op.execute("UPDATE postings SET planned_end_date = date(start_date, '+2 years', '-1 day')")
    op.create_table('handovers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leaving_posting_id', sa.Integer(), nullable=False),
    sa.Column('successor_posting_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_handovers_created_by_id_people')),
    sa.ForeignKeyConstraint(['leaving_posting_id'], ['postings.id'], name=op.f('fk_handovers_leaving_posting_id_postings')),
    sa.ForeignKeyConstraint(['successor_posting_id'], ['postings.id'], name=op.f('fk_handovers_successor_posting_id_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers')),
    sa.UniqueConstraint('leaving_posting_id', name=op.f('uq_handovers_leaving_posting_id')),
    sa.UniqueConstraint('successor_posting_id', name=op.f('uq_handovers_successor_posting_id'))
    )


def downgrade():
    op.drop_table('handovers')
    with op.batch_alter_table('postings') as batch:
        batch.drop_index(batch.f('ix_postings_planned_end_date'))
        batch.drop_column('planned_end_date')
