"""the nightly close's write cost (issue 17): day statuses without foreign-key checks, counters with room for HOT updates

Revision ID: 0092
Revises: 0091
Create Date: 2026-12-02 08:10:00.000000

``day_statuses`` gets a row per cadre per day from the close, copied from ``postings`` (whose
foreign keys already guarantee the person and the village); checking them again cost PostgreSQL a
``SELECT … FOR KEY SHARE`` on ``people`` and ``villages`` per row — about half the status upsert, the
close's largest statement. ``attendance_years`` and ``attendance_state`` are rewritten for every
cadre every night: with a fillfactor of 70 the new row versions fit in their page (HOT updates,
no index entries). Both settings only change PostgreSQL's storage; SQLite keeps no FK checks anyway.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0092'
down_revision = '0091'
branch_labels = None
depends_on = None

COUNTERS = ('attendance_years', 'attendance_state')


def upgrade():
    with op.batch_alter_table('day_statuses') as batch:
        batch.drop_constraint('fk_day_statuses_person_id_people', type_='foreignkey')
        batch.drop_constraint('fk_day_statuses_village_id_villages', type_='foreignkey')
    if op.get_bind().dialect.name == 'postgresql':
        for table in COUNTERS:
            op.execute(f'ALTER TABLE {table} SET (fillfactor = 70)')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for table in COUNTERS:
            op.execute(f'ALTER TABLE {table} RESET (fillfactor)')
    with op.batch_alter_table('day_statuses') as batch:
        batch.create_foreign_key('fk_day_statuses_village_id_villages', 'villages', ['village_id'], ['id'])
        batch.create_foreign_key('fk_day_statuses_person_id_people', 'people', ['person_id'], ['id'])
