"""Mailings: notices, schedules, pauses and opt-outs by kind; outbox messages tagged and held.

Revision ID: l0compose
Revises: k0mailings
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'l0compose'
down_revision = 'k0mailings'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('held', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_outbox_messages_reference'), ['reference'], unique=False)
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('send_at', UTC, nullable=True))
        batch_op.create_index(batch_op.f('ix_mailings_send_at'), ['send_at'], unique=False)
        batch_op.drop_constraint(op.f('ck_mailings_source_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_mailings_status_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_mailings_one_source'), type_='check')
        batch_op.create_check_constraint('source_known', "source IN ('bulletin', 'event', 'notice')")
        batch_op.create_check_constraint(
            'status_known', "status IN ('draft', 'scheduled', 'started', 'paused', 'cancelled')")
        batch_op.create_check_constraint('one_source', 'bulletin_id IS NULL OR event_id IS NULL')
    op.create_table('mailing_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint("kind IN ('bulletin', 'event', 'notice')", name=op.f('ck_mailing_opt_outs_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_opt_outs')),
    sa.UniqueConstraint('address', 'kind', name=op.f('uq_mailing_opt_outs_address'))
    )


def downgrade():
    op.drop_table('mailing_opt_outs')
    with op.batch_alter_table('mailings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_mailings_one_source'), type_='check')
        batch_op.drop_constraint(op.f('ck_mailings_status_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_mailings_source_known'), type_='check')
        batch_op.create_check_constraint('one_source', '(bulletin_id IS NULL) <> (event_id IS NULL)')
        batch_op.create_check_constraint('status_known', "status IN ('draft', 'started', 'cancelled')")
        batch_op.create_check_constraint('source_known', "source IN ('bulletin', 'event')")
        batch_op.drop_index(batch_op.f('ix_mailings_send_at'))
        batch_op.drop_column('send_at')
        batch_op.drop_column('body_html')
        batch_op.drop_column('subject')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_reference'))
        batch_op.drop_column('held')
        batch_op.drop_column('reference')
