"""Mailings: subscribers, suppressed addresses, mailings and their recipients; outbox headers.

Revision ID: k0mailings
Revises: j1standards
Create Date: 2026-12-01 23:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'k0mailings'
down_revision = 'j1standards'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))
    op.create_table('subscribers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('consent_at', UTC, nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('confirmed_at', UTC, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribers')),
    sa.UniqueConstraint('email', name=op.f('uq_subscribers_email'))
    )
    with op.batch_alter_table('subscribers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscribers_confirmed_at'), ['confirmed_at'], unique=False)
    op.create_table('mailing_suppressions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint("reason IN ('unsubscribed', 'bouncing')", name=op.f('ck_mailing_suppressions_reason_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_suppressions')),
    sa.UniqueConstraint('address', name=op.f('uq_mailing_suppressions_address'))
    )
    op.create_table('mailings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('industry', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('started_at', UTC, nullable=True),
    sa.CheckConstraint("source IN ('bulletin', 'event')", name=op.f('ck_mailings_source_known')),
    sa.CheckConstraint("audience IN ('members', 'subscribers', 'everyone')", name=op.f('ck_mailings_audience_known')),
    sa.CheckConstraint("status IN ('draft', 'started', 'cancelled')", name=op.f('ck_mailings_status_known')),
    sa.CheckConstraint('(bulletin_id IS NULL) <> (event_id IS NULL)', name=op.f('ck_mailings_one_source')),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletins.id'], name=op.f('fk_mailings_bulletin_id_bulletins'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_mailings_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_mailings_created_by_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailings'))
    )
    op.create_table('mailing_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailing_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['mailing_id'], ['mailings.id'], name=op.f('fk_mailing_recipients_mailing_id_mailings'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'],
                            name=op.f('fk_mailing_recipients_outbox_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_recipients')),
    sa.UniqueConstraint('mailing_id', 'address', name=op.f('uq_mailing_recipients_mailing_id'))
    )
    with op.batch_alter_table('mailing_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_recipients_mailing_id'), ['mailing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_recipients_outbox_message_id'), ['outbox_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mailing_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_recipients_outbox_message_id'))
        batch_op.drop_index(batch_op.f('ix_mailing_recipients_mailing_id'))
    op.drop_table('mailing_recipients')
    op.drop_table('mailings')
    op.drop_table('mailing_suppressions')
    with op.batch_alter_table('subscribers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscribers_confirmed_at'))
    op.drop_table('subscribers')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('headers')
