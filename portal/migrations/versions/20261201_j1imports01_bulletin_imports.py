"""Bulletin import jobs: an upload the background worker reads into a draft.

Revision ID: j1imports01
Revises: j0twofactor
Create Date: 2026-12-01 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'j1imports01'
down_revision = 'j0twofactor'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bulletin_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=True),
    sa.Column('month', sa.SmallInteger(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('bulletin_id', sa.Integer(), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'reading', 'done', 'failed')",
                       name=op.f('ck_bulletin_imports_status_known')),
    sa.CheckConstraint("audience IN ('public', 'members')", name=op.f('ck_bulletin_imports_audience_known')),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletins.id'],
                            name=op.f('fk_bulletin_imports_bulletin_id_bulletins'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                            name=op.f('fk_bulletin_imports_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_imports'))
    )
    op.create_index(op.f('ix_bulletin_imports_bulletin_id'), 'bulletin_imports', ['bulletin_id'], unique=False)
    op.create_index(op.f('ix_bulletin_imports_requested_by_id'), 'bulletin_imports', ['requested_by_id'],
                    unique=False)
    op.create_index(op.f('ix_bulletin_imports_created_at'), 'bulletin_imports', ['created_at'], unique=False)


def downgrade():
    op.drop_table('bulletin_imports')
