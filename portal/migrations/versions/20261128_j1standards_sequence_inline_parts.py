"""Events count their iCalendar SEQUENCE; outbox messages carry inline images (a ticket's QR code).

Revision ID: j1standards
Revises: j1imports01
Create Date: 2026-11-28 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'j1standards'
down_revision = 'j1imports01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
    op.create_table('outbox_inline_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('content_id', sa.String(length=255), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'],
                            name=op.f('fk_outbox_inline_parts_message_id_outbox_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_inline_parts'))
    )
    with op.batch_alter_table('outbox_inline_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_inline_parts_message_id'), ['message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_inline_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_inline_parts_message_id'))
    op.drop_table('outbox_inline_parts')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('sequence')
