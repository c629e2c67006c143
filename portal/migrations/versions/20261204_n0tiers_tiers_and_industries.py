"""Tiers and industries become tables staff edit, filled with the lists the code held until now.

Revision ID: n0tiers
Revises: m0delivery
Create Date: 2026-12-04 09:00:00

The five tiers keep their codes (the contract's) and their order, so firms.tier_rank and the
search documents' rank stay as they are; their labels are today's Chinese and English ones, and
each gets the yearly dues the association charged: PORTAL_MEMBERSHIP_DUES_FEN where the site set
it, else the defaults (the same figures as that setting's). firms.tier and a firm's
industries now point to the tables (a foreign key instead of a CHECK of five codes). An
industry code a firm holds that the list never had is kept, as a retired industry.

On SQLite the trigger that keeps the full-text tables in step now fires only when the indexed
texts change: staff moving the member tier rewrites the rank of most firm documents, and
re-indexing their unchanged texts as well took a minute at 100,000 firms instead of seconds.
"""
from datetime import datetime, timezone

from alembic import op
from flask import current_app
import sqlalchemy as sa


revision = 'n0tiers'
down_revision = 'm0delivery'
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)

#: (code, Chinese label, English label, yearly dues in fen), highest tier first.
TIERS = [
    ('president', '会长单位', 'President', 2_000_000),
    ('vice_president', '副会长单位', 'Vice President', 1_000_000),
    ('council', '理事单位', 'Council Member', 500_000),
    ('supervisor', '监事单位', 'Supervisor', 300_000),
    ('member', '会员单位', 'Member', 200_000),
]
INDUSTRIES = [
    ('software', '软件', 'Software'),
    ('ito', '信息技术外包（ITO）', 'IT outsourcing (ITO)'),
    ('bpo', '业务流程外包（BPO）', 'Business process outsourcing (BPO)'),
    ('kpo', '知识流程外包（KPO）', 'Knowledge process outsourcing (KPO)'),
    ('ecommerce', '跨境电商', 'Cross-border e-commerce'),
    ('finance', '金融', 'Finance'),
    ('logistics', '物流', 'Logistics'),
    ('consulting', '咨询', 'Consulting'),
    ('digital_content', '数字内容', 'Digital content'),
    ('education', '培训教育', 'Training and education'),
]
FOUNDING_TIERS = "'president', 'vice_president', 'council', 'supervisor', 'member'"

_FTS_TABLES = [("search_fts", ["name_terms", "body_terms"]), ("search_names", ["name_terms"])]


def upgrade():
    tiers = op.create_table('tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('label_zh', sa.String(length=60), nullable=False),
    sa.Column('label_en', sa.String(length=100), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('dues_fen', sa.BigInteger(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.CheckConstraint('dues_fen >= 0', name=op.f('ck_tiers_dues_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tiers')),
    sa.UniqueConstraint('code', name=op.f('uq_tiers_code'))
    )
    industries = op.create_table('industries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('label_zh', sa.String(length=60), nullable=False),
    sa.Column('label_en', sa.String(length=100), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('retired_at', UTC, nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_industries')),
    sa.UniqueConstraint('code', name=op.f('uq_industries_code'))
    )
    connection = op.get_bind()
    dues = _configured_dues()
    op.bulk_insert(tiers, [{'code': code, 'label_zh': zh, 'label_en': en, 'position': position,
                            'dues_fen': dues.get(code, default), 'created_at': _now()}
                           for position, (code, zh, en, default) in enumerate(TIERS)])
    op.bulk_insert(industries, [{'code': code, 'label_zh': zh, 'label_en': en, 'position': position,
                                 'created_at': _now()} for position, (code, zh, en) in enumerate(INDUSTRIES)])
    _keep_unlisted_industries(industries)
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_firms_tier_known'), type_='check')
        batch_op.create_foreign_key(batch_op.f('fk_firms_tier_tiers'), 'tiers', ['tier'], ['code'])
    with op.batch_alter_table('firm_industries', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_firm_industries_industry_industries'), 'industries',
                                    ['industry'], ['code'])
    if connection.dialect.name == 'sqlite':
        _update_trigger('AFTER UPDATE OF name_terms, body_terms')


def downgrade():
    _put_firms_back_in_founding_tiers()
    with op.batch_alter_table('firm_industries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_firm_industries_industry_industries'), type_='foreignkey')
    with op.batch_alter_table('firms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_firms_tier_tiers'), type_='foreignkey')
        batch_op.create_check_constraint('tier_known', f'tier IN ({FOUNDING_TIERS})')
    op.drop_table('industries')
    op.drop_table('tiers')
    if op.get_bind().dialect.name == 'sqlite':
        _update_trigger('AFTER UPDATE')


def _now():
    """The time to stamp the rows with, as each database's DateTime column takes it."""
    now = datetime.now(timezone.utc)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == 'sqlite' else now


def _configured_dues() -> dict:
    """Return the yearly dues in fen the site's MEMBERSHIP_DUES_FEN setting gives, by tier code (valid ones only)."""
    # Until this revision the dues lived in that setting; from here on staff set them per tier.
    setting = (current_app.config.get('MEMBERSHIP_DUES_FEN') or {}) if current_app else {}
    found = {}
    for code, fen in dict(setting).items():
        try:
            fen = int(fen)
        except (TypeError, ValueError):
            continue
        if fen >= 0:
            found[code] = fen
    return found


def _keep_unlisted_industries(industries):
    """Make a retired industry of each code a firm holds that the list never had: the firm keeps it."""
    listed = [code for code, _zh, _en in INDUSTRIES]
    firm_industries = sa.table('firm_industries', sa.column('industry', sa.String))
    unlisted = op.get_bind().execute(sa.select(firm_industries.c.industry).distinct()
                                     .where(firm_industries.c.industry.not_in(listed))
                                     .order_by(firm_industries.c.industry)).scalars().all()
    if unlisted:
        op.bulk_insert(industries, [{'code': code, 'label_zh': code, 'label_en': code, 'position': position,
                                     'retired_at': _now(), 'created_at': _now()}
                                    for position, code in enumerate(unlisted, start=len(listed))])


def _put_firms_back_in_founding_tiers():
    """Move each firm of a tier staff added into the founding tier listed next below it (or member).

    The older code knows five tiers only, and its CHECK would refuse any other code.
    """
    connection = op.get_bind()
    tiers = sa.table('tiers', sa.column('code', sa.String), sa.column('position', sa.Integer))
    order = connection.execute(sa.select(tiers.c.code).order_by(tiers.c.position)).scalars().all()
    founding = [code for code, _zh, _en, _dues in TIERS]
    moves, below = {}, 'member'
    for code in reversed(order):
        if code in founding:
            below = code
        else:
            moves[code] = below
    firms = sa.table('firms', sa.column('id', sa.Integer), sa.column('tier', sa.String),
                     sa.column('tier_rank', sa.SmallInteger))
    for added, kept in moves.items():
        connection.execute(firms.update().where(firms.c.tier == added).values(tier=kept))
    # The founding order again, for the directory and for the firms' search documents.
    rank = sa.case({code: position for position, code in enumerate(founding)}, value=firms.c.tier)
    connection.execute(firms.update().values(tier_rank=rank))
    connection.execute(sa.text(
        "UPDATE search_documents SET rank = (SELECT tier_rank FROM firms WHERE firms.id = search_documents.object_id)"
        " WHERE kind_id = (SELECT id FROM search_kinds WHERE name = 'firm')"
        " AND object_id IN (SELECT id FROM firms)"))


def _update_trigger(when: str) -> None:
    """Recreate SQLite's trigger that re-indexes a document's texts when its row is updated."""
    deletes = " ".join(f"INSERT INTO {table}({table}, rowid, {', '.join(columns)})"
                       f" VALUES ('delete', old.id, {', '.join(f'old.{c}' for c in columns)});"
                       for table, columns in _FTS_TABLES)
    inserts = " ".join(f"INSERT INTO {table}(rowid, {', '.join(columns)})"
                       f" VALUES (new.id, {', '.join(f'new.{c}' for c in columns)});"
                       for table, columns in _FTS_TABLES)
    op.execute("DROP TRIGGER IF EXISTS search_documents_au")
    op.execute(f"CREATE TRIGGER search_documents_au {when} ON search_documents BEGIN {deletes} {inserts} END")
