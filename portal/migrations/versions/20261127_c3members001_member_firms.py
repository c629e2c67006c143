"""Member firms, their industries, profile revisions; accounts belong to a firm.

Revision ID: c3members001
Revises: b7search0001
Create Date: 2026-11-27 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3members001'
down_revision = 'b7search0001'
branch_labels = None
depends_on = None

TIERS = "'president', 'vice_president', 'council', 'supervisor', 'member'"


def upgrade():
    op.create_table('firms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.String(length=20), nullable=False),
    sa.Column('tier_rank', sa.SmallInteger(), nullable=False),
    sa.Column('sort_key', sa.String(length=400), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('logo', sa.String(length=80), nullable=True),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('district', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('founded_year', sa.Integer(), nullable=True),
    sa.Column('staff_size', sa.String(length=20), nullable=False),
    sa.Column('public_contact', sa.String(length=255), nullable=False),
    sa.Column('private_contact', sa.String(length=255), nullable=False),
    sa.Column('member_since', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(f"tier IN ({TIERS})", name=op.f('ck_firms_tier_known')),
    sa.CheckConstraint("status IN ('active', 'lapsed')", name=op.f('ck_firms_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firms')),
    sa.UniqueConstraint('slug', name=op.f('uq_firms_slug'))
    )
    op.create_index('ix_firms_directory', 'firms', ['status', 'tier_rank', 'sort_key'], unique=False)
    op.create_table('firm_industries',
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('industry', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_firm_industries_firm_id_firms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('firm_id', 'industry', name=op.f('pk_firm_industries'))
    )
    op.create_index(op.f('ix_firm_industries_industry'), 'firm_industries', ['industry'], unique=False)
    op.create_table('profile_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('firm_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_profile_revisions_status_known')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_profile_revisions_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_profile_revisions_firm_id_firms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_profile_revisions_reviewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_revisions'))
    )
    op.create_index(op.f('ix_profile_revisions_firm_id'), 'profile_revisions', ['firm_id'], unique=False)
    op.create_index(op.f('ix_profile_revisions_status'), 'profile_revisions', ['status'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('firm_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_firm_id'), ['firm_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_firm_id_firms'), 'firms', ['firm_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_firm_id_firms'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_firm_id'))
        batch_op.drop_column('firm_id')
    op.drop_index(op.f('ix_profile_revisions_status'), table_name='profile_revisions')
    op.drop_index(op.f('ix_profile_revisions_firm_id'), table_name='profile_revisions')
    op.drop_table('profile_revisions')
    op.drop_index(op.f('ix_firm_industries_industry'), table_name='firm_industries')
    op.drop_table('firm_industries')
    op.drop_index('ix_firms_directory', table_name='firms')
    op.drop_table('firms')
