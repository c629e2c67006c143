"""Firms: a telephone and a contact email, and who sees each contact detail.

Revision ID: m0contacts
Revises: l0compose
Create Date: 2026-12-03 09:00:00

Today's data stays as visible as it was: the public contact and the address were on the public
page, so they start public; the telephone and email are new and start with staff alone. The
private contact keeps its meaning (staff only) and needs no column of its own.
"""
from alembic import op
import sqlalchemy as sa


revision = 'm0contacts'
down_revision = 'l0compose'
branch_labels = None
depends_on = None

VISIBILITIES = "'public', 'members', 'staff'"
#: Each chosen contact detail with the visibility existing rows get.
STARTING_VISIBILITY = {
    'public_contact': 'public',
    'telephone': 'staff',
    'contact_email': 'staff',
    'address': 'public',
}


def upgrade():
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('telephone', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False, server_default=''))
        for field, visibility in STARTING_VISIBILITY.items():
            batch_op.add_column(sa.Column(f'{field}_visibility', sa.String(length=10), nullable=False,
                                          server_default=visibility))
            batch_op.create_check_constraint(f'{field}_visibility_known', f'{field}_visibility IN ({VISIBILITIES})')


def downgrade():
    _keep_hidden_details_hidden()
    with op.batch_alter_table('firms', schema=None) as batch_op:
        for field in reversed(STARTING_VISIBILITY):
            batch_op.drop_constraint(op.f(f'ck_firms_{field}_visibility_known'), type_='check')
            batch_op.drop_column(f'{field}_visibility')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('telephone')


def _keep_hidden_details_hidden():
    """Before the choice goes, move what only members or staff saw into the staff-only private contact.

    The older code shows the public contact and the address to everyone; one its representative had
    hidden must not become public by a downgrade. (The private contact holds 255 characters; what
    does not fit is cut, rather than shown to the wrong people.)
    """
    firms = sa.table('firms', sa.column('id', sa.Integer), sa.column('private_contact', sa.String),
                     *(sa.column(field, sa.String) for field in STARTING_VISIBILITY),
                     *(sa.column(f'{field}_visibility', sa.String) for field in STARTING_VISIBILITY))
    connection = op.get_bind()
    c = firms.c
    affected = sa.select(firms).where(sa.or_(c.telephone != '', c.contact_email != '',
                                             c.public_contact_visibility != 'public', c.address_visibility != 'public'))
    for row in connection.execute(affected).mappings().all():
        changes, kept = {}, [row['private_contact']]
        for field in STARTING_VISIBILITY:
            if row[field] and (field in ('telephone', 'contact_email') or row[f'{field}_visibility'] != 'public'):
                kept.append(row[field])
                if field in ('public_contact', 'address'):
                    changes[field] = ''
        if changes or len(kept) > 1:
            changes['private_contact'] = '; '.join(part for part in kept if part)[:255]
            connection.execute(firms.update().where(firms.c.id == row['id']).values(**changes))
