"""Bulletins, their sections and articles.

Revision ID: e5bulletins01
Revises: d4events0001
Create Date: 2026-11-27 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5bulletins01'
down_revision = 'd4events0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bulletins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('issue_number', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('original_file', sa.String(length=80), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_bulletins_status_known')),
    sa.CheckConstraint("audience IN ('public', 'members')", name=op.f('ck_bulletins_audience_known')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_bulletins_month_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletins'))
    )
    op.create_index(op.f('ix_bulletins_year'), 'bulletins', ['year'], unique=False)
    op.create_index(op.f('ix_bulletins_published_at'), 'bulletins', ['published_at'], unique=False)
    op.create_table('bulletin_sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bulletin_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['bulletin_id'], ['bulletins.id'], name=op.f('fk_bulletin_sections_bulletin_id_bulletins'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_sections')),
    sa.UniqueConstraint('bulletin_id', 'position', name=op.f('uq_bulletin_sections_bulletin_id'))
    )
    op.create_index(op.f('ix_bulletin_sections_bulletin_id'), 'bulletin_sections', ['bulletin_id'], unique=False)
    op.create_table('bulletin_articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('spotlight', sa.JSON(), nullable=True),
    sa.Column('firm_id', sa.Integer(), nullable=True),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_bulletin_articles_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['firm_id'], ['firms.id'], name=op.f('fk_bulletin_articles_firm_id_firms'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['section_id'], ['bulletin_sections.id'], name=op.f('fk_bulletin_articles_section_id_bulletin_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bulletin_articles')),
    sa.UniqueConstraint('section_id', 'position', name=op.f('uq_bulletin_articles_section_id'))
    )
    op.create_index(op.f('ix_bulletin_articles_section_id'), 'bulletin_articles', ['section_id'], unique=False)
    op.create_index(op.f('ix_bulletin_articles_firm_id'), 'bulletin_articles', ['firm_id'], unique=False)
    op.create_index(op.f('ix_bulletin_articles_event_id'), 'bulletin_articles', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_bulletin_articles_event_id'), table_name='bulletin_articles')
    op.drop_index(op.f('ix_bulletin_articles_firm_id'), table_name='bulletin_articles')
    op.drop_index(op.f('ix_bulletin_articles_section_id'), table_name='bulletin_articles')
    op.drop_table('bulletin_articles')
    op.drop_index(op.f('ix_bulletin_sections_bulletin_id'), table_name='bulletin_sections')
    op.drop_table('bulletin_sections')
    op.drop_index(op.f('ix_bulletins_published_at'), table_name='bulletins')
    op.drop_index(op.f('ix_bulletins_year'), table_name='bulletins')
    op.drop_table('bulletins')
