"""Outbox: bodies (and attachments) shared by a mailing's copies; claims indexed for the rate limit.

Revision ID: m0delivery
Revises: m0periods
Create Date: 2026-12-02 12:00:00

On SQLite the new reference from outbox_messages is added with ALTER TABLE ADD COLUMN, never by
batch mode's copy-and-drop: with foreign keys on, dropping the old outbox_messages would first
delete its rows, and with them (ON DELETE) the tickets' inline images and the mailing recipients'
links to their messages.
"""
from alembic import op
import sqlalchemy as sa


revision = 'm0delivery'
down_revision = 'm0periods'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade():
    op.create_table('outbox_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_bodies'))
    )
    op.create_table('outbox_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['outbox_bodies.id'],
                            name=op.f('fk_outbox_attachments_body_id_outbox_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachments'))
    )
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachments_body_id'), ['body_id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE outbox_messages ADD COLUMN body_id INTEGER '
                   'CONSTRAINT fk_outbox_messages_body_id_outbox_bodies REFERENCES outbox_bodies (id)')
        op.execute('ALTER TABLE outbox_messages ADD COLUMN fills JSON')
    else:
        with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
            batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('fills', sa.JSON(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_body_id_outbox_bodies'),
                                        'outbox_bodies', ['body_id'], ['id'])
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_claimed_until'), ['claimed_until'], unique=False)


def downgrade():
    bind = op.get_bind()
    outbox = sa.table('outbox_messages', sa.column('id', sa.Integer()), sa.column('body_id', sa.Integer()),
                      sa.column('fills', sa.JSON()), sa.column('text_body', sa.Text()),
                      sa.column('html_body', sa.Text()))
    bodies = sa.table('outbox_bodies', sa.column('id', sa.Integer()), sa.column('text_body', sa.Text()),
                      sa.column('html_body', sa.Text()))
    # Every copy gets its own text and HTML back, filled in; the attachments are lost.
    copies = bind.execute(sa.select(outbox.c.id, outbox.c.fills, bodies.c.text_body, bodies.c.html_body)
                          .join(bodies, bodies.c.id == outbox.c.body_id)).all()
    for message_id, fills, text_body, html_body in copies:
        for placeholder, value in (fills or {}).items():
            text_body, html_body = text_body.replace(placeholder, value), html_body.replace(placeholder, value)
        bind.execute(outbox.update().where(outbox.c.id == message_id)
                     .values(text_body=text_body, html_body=html_body, body_id=None))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_claimed_until'))
    if bind.dialect.name == 'sqlite':
        # SQLite drops no column that a foreign key names, and copy-and-drop would delete the
        # rows that refer to outbox_messages: keep them aside while the table is rebuilt.
        parts = bind.execute(sa.text('SELECT * FROM outbox_inline_parts')).mappings().all()
        links = bind.execute(sa.text('SELECT id, outbox_message_id FROM mailing_recipients '
                                     'WHERE outbox_message_id IS NOT NULL')).all()
        with op.batch_alter_table('outbox_messages', schema=None, recreate='always') as batch_op:
            batch_op.drop_column('fills')
            batch_op.drop_column('body_id')
        if parts:
            bind.execute(sa.text('INSERT INTO outbox_inline_parts (id, message_id, content_id, mimetype, data) '
                                 'VALUES (:id, :message_id, :content_id, :mimetype, :data)'), [dict(p) for p in parts])
        if links:
            bind.execute(sa.text('UPDATE mailing_recipients SET outbox_message_id = :message WHERE id = :id'),
                         [{'id': link_id, 'message': message_id} for link_id, message_id in links])
    else:
        with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_outbox_messages_body_id_outbox_bodies'), type_='foreignkey')
            batch_op.drop_column('fills')
            batch_op.drop_column('body_id')
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_body_id'))
    op.drop_table('outbox_attachments')
    op.drop_table('outbox_bodies')
