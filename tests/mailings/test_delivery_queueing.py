"""Launching queues a mailing on the worker; the worker's minute starts what is due and what a crash left."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.database import utcnow
from portal.extensions import db
from portal.mail.models import OutboxBody, OutboxMessage
from portal.mailings.models import Mailing
from portal.mailings.services import cancel_mailing, launch_mailing, pause_mailing, resume_mailing
from portal.mailings.states import MailingStatus
from tests.mailings.delivery import act_on, confirmed_subscribers, draft, recipients, sweep


@pytest.fixture
def lost_tasks(monkeypatch):
    """Queueing a mailing's task fails (the queue is down, or the worker dies with it); mail still goes."""
    from portal import queue
    from portal.mailings.tasks import queue_mailing

    real = queue.enqueue
    monkeypatch.setattr(queue, "enqueue", lambda task, *args: None if task is queue_mailing else real(task, *args))


def status(app, mailing_id: int) -> tuple[str, bool]:
    with app.app_context():
        mailing = db.session.get(Mailing, mailing_id)
        return mailing.status, mailing.started_at is not None


def counts(app) -> tuple[int, int]:
    """Shared bodies and outbox messages."""
    with app.app_context():
        return tuple(db.session.scalar(db.select(db.func.count()).select_from(table))
                     for table in (OutboxBody, OutboxMessage))


def test_launching_fixes_no_recipient_in_the_request_and_the_worker_sends_it(app, make_bulletin, mailbox):
    addresses = confirmed_subscribers(app, 5)
    mailing_id = draft(app, make_bulletin())

    def launched_in_the_request(actor, mailing):
        launch_mailing(actor, mailing)
        return recipients(app, mailing.id)  # what the request itself wrote, before its commit

    assert act_on(app, mailing_id, launched_in_the_request) == 0
    assert recipients(app, mailing_id) == 5  # the task ran after the commit (at once, in tests)
    assert sorted(m["To"] for m in mailbox.messages) == addresses
    assert status(app, mailing_id) == (MailingStatus.STARTED, True)


def test_a_launched_mailing_whose_task_was_lost_is_sent_by_the_next_sweep(app, make_bulletin, mailbox, lost_tasks):
    addresses = confirmed_subscribers(app, 3)
    mailing_id = draft(app, make_bulletin())
    act_on(app, mailing_id, launch_mailing)
    assert status(app, mailing_id) == (MailingStatus.STARTED, False) and mailbox.messages == []
    sweep(app)
    assert sorted(m["To"] for m in mailbox.messages) == addresses
    sweep(app)  # a second minute finds it queued: nobody gets it twice
    assert len(mailbox.messages) == 3


def test_a_worker_dying_mid_queueing_leaves_nothing_half_written_and_the_sweep_queues_it_all(
        app, make_bulletin, mailbox, monkeypatch, lost_tasks):
    from portal.mailings import services
    from portal.mailings.tasks import queue_mailing

    addresses = confirmed_subscribers(app, 6, locales=("zh", "en"))
    mailing_id = draft(app, make_bulletin())
    act_on(app, mailing_id, launch_mailing)
    render = services.render_mailing

    def dies_at_english(mailing, locale):
        if locale == "en":  # the Chinese copies are in the outbox by now, uncommitted
            raise SystemExit("worker killed")
        return render(mailing, locale)

    monkeypatch.setattr(services, "render_mailing", dies_at_english)
    with app.app_context(), pytest.raises(SystemExit):
        queue_mailing(mailing_id)
    assert recipients(app, mailing_id) == 0 and counts(app) == (0, 0)
    assert status(app, mailing_id) == (MailingStatus.STARTED, False)
    monkeypatch.setattr(services, "render_mailing", render)
    sweep(app)  # the restarted worker's minute
    assert sorted(m["To"] for m in mailbox.messages) == addresses


def test_a_scheduled_mailing_waits_for_its_time_then_the_sweep_starts_it(app, make_bulletin, mailbox, monkeypatch):
    import portal.mailings.tasks

    addresses = confirmed_subscribers(app, 2)
    mailing_id = draft(app, make_bulletin())
    act_on(app, mailing_id, launch_mailing, send_at=utcnow() + timedelta(hours=1))
    sweep(app)
    assert status(app, mailing_id) == (MailingStatus.SCHEDULED, False) and recipients(app, mailing_id) == 0
    later = utcnow() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(portal.mailings.tasks, "utcnow", lambda: later)
    sweep(app)
    assert status(app, mailing_id) == (MailingStatus.STARTED, True)
    assert sorted(m["To"] for m in mailbox.messages) == addresses


def test_a_mailing_paused_before_the_worker_queued_it_is_queued_held_until_resumed(
        app, make_bulletin, mailbox, lost_tasks):
    addresses = confirmed_subscribers(app, 3)
    mailing_id = draft(app, make_bulletin())
    act_on(app, mailing_id, launch_mailing)
    act_on(app, mailing_id, pause_mailing)
    sweep(app)
    assert recipients(app, mailing_id) == 3 and mailbox.messages == []
    with app.app_context():
        assert db.session.scalars(db.select(OutboxMessage.held).distinct()).all() == [True]
    assert act_on(app, mailing_id, resume_mailing) == 3
    assert sorted(m["To"] for m in mailbox.messages) == addresses


def test_a_mailing_cancelled_before_the_worker_queued_it_goes_to_nobody(app, make_bulletin, mailbox, lost_tasks):
    from portal.mailings.tasks import queue_mailing

    confirmed_subscribers(app, 3)
    mailing_id = draft(app, make_bulletin())
    act_on(app, mailing_id, launch_mailing)
    act_on(app, mailing_id, cancel_mailing)
    sweep(app)
    with app.app_context():
        queue_mailing(mailing_id)  # the lost task turning up late
    assert recipients(app, mailing_id) == 0 and mailbox.messages == []
