"""The workflow engine on a tiny lifecycle of its own (a ticket: open → done, or closed), so that
what perform() and allowed() guarantee is checked apart from any domain."""

import dataclasses
import inspect
from itertools import product

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction

from egov.core.models import EventBase
from egov.core.workflow import OWNER, STAFF, Change, Transition, TransitionRefused, Workflow, refuse

pytestmark = pytest.mark.django_db
User = get_user_model()


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Đang mở"
        DONE = "done", "Đã xong"
        CLOSED = "closed", "Đã đóng"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    team = models.CharField(max_length=10, default="a")
    answer = models.CharField(max_length=100, blank=True)
    rated = models.BooleanField(default=False)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return f"Phiếu {self.pk}"


class TicketEvent(EventBase):  # a domain's event: its object, its states, its actor on the common columns
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta(EventBase.Meta):
        app_label = "core"

    def __str__(self) -> str:
        return f"{self.action} ({self.ticket_id})"


S = Ticket.Status


@dataclasses.dataclass(frozen=True)
class Answer:
    text: str
    note: str = ""

    def cleaned(self):
        if not self.text.strip():
            raise refuse("Cần nhập câu trả lời.", "answer_required")
        return Answer(self.text.strip(), self.note)


def _answer(ticket, data: Answer, step) -> Change:
    if data.text == "boom":  # the effect's own rule, refused after it has written something
        ticket.answer = data.text
        ticket.save(update_fields=["answer"])
        raise refuse("Câu trả lời bị từ chối.", "bad_answer")
    ticket.answer = data.text
    return Change(["answer"], note=data.note, data={"answer": data.text, "role": step.role})


def _same_answer(ticket, data: Answer) -> str | None:
    return "Câu trả lời không thay đổi." if ticket.answer == data.text else None


def _rated(ticket) -> TransitionRefused | None:
    return refuse("Đã đánh giá.", "already_rated") if ticket.rated else None


def _rate(ticket, data, step) -> Change:
    ticket.rated = True
    return Change(["rated"])


def _row(action, sources, target, permission, label, *, owner=False, **rest) -> Transition:
    return Transition(action, frozenset(sources), target, permission, owner, label, **rest)


TABLE = [
    _row("answer", {S.OPEN}, S.DONE, "core.change_ticket", "Trả lời", input=Answer, effect=_answer),
    _row(
        "reword",
        {S.DONE},
        None,
        "core.change_ticket",
        "Sửa câu trả lời",
        input=Answer,
        effect=_answer,
        unchanged=_same_answer,
    ),
    _row("close", {S.OPEN, S.DONE}, S.CLOSED, "core.delete_ticket", "Đóng", owner=True),
    _row("rate", {S.DONE, S.CLOSED}, None, None, "Đánh giá", owner=True, effect=_rate, closed=_rated),
]
published: list[TicketEvent] = []


def _record(ticket, step, change) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        action=step.action,
        from_status=step.from_status,
        to_status=ticket.status,
        actor=step.actor,
        at=step.at,
        note=change.note,
        data=change.data,
    )


TICKETS = Workflow(
    Ticket,
    TABLE,
    record=_record,
    in_scope=lambda user, ticket: user.is_superuser or user.last_name == ticket.team,
    noun="phiếu",
    subject="ticket",
    publish=published.append,
)


@pytest.fixture(autouse=True)
def tables():
    with connection.schema_editor() as editor:  # inside the test's transaction: rolled back with it
        editor.create_model(Ticket)
        editor.create_model(TicketEvent)
    published.clear()


def _user(username, *codenames, team="a"):
    user = User.objects.create_user(username=username, password="x", last_name=team)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get_or_create(codename=codename, defaults=_perm(codename))[0])
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def _perm(codename):
    from django.contrib.contenttypes.models import ContentType

    return {"name": codename, "content_type": ContentType.objects.get_or_create(app_label="core", model="ticket")[0]}


def _state(ticket):
    ticket = Ticket.objects.get(pk=ticket.pk)
    return (ticket.status, ticket.answer, ticket.rated, TicketEvent.objects.count())


def test_a_transition_moves_the_state_saves_the_effect_and_records_one_event(django_capture_on_commit_callbacks):
    staff = _user("staff", "change_ticket")
    ticket = Ticket.objects.create()
    with django_capture_on_commit_callbacks(execute=True):
        result = TICKETS.perform(ticket, "answer", staff, text="  Đã sửa  ", note="xong")
    assert (result.status, result.answer) == (S.DONE, "Đã sửa")
    assert _state(ticket) == (S.DONE, "Đã sửa", False, 1)
    event = TicketEvent.objects.get()
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "answer",
        S.OPEN,
        S.DONE,
        staff,
        "xong",
    )
    assert event.data == {"answer": "Đã sửa", "role": STAFF}
    assert published == [event]


@pytest.mark.parametrize(
    ("action", "arguments", "code"),
    [
        ("close", {}, "not_authenticated"),  # anonymous (below)
        ("reword", {"text": "x"}, "invalid_state"),  # the ticket is open
        ("answer", {"text": "   "}, "answer_required"),  # the input's cleaned()
        ("answer", {"text": "boom"}, "bad_answer"),  # the effect, after it wrote a column
    ],
)
def test_a_refusal_leaves_nothing_changed_and_publishes_nothing(
    action, arguments, code, django_capture_on_commit_callbacks
):
    staff = None if code == "not_authenticated" else _user("staff", "change_ticket", "delete_ticket")
    ticket = Ticket.objects.create()
    before = _state(ticket)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TransitionRefused) as refused:
        TICKETS.perform(ticket, action, staff, **arguments)
    assert refused.value.code == code
    assert _state(ticket) == before
    assert (callbacks, published) == ([], [])


def test_the_refusal_messages_name_the_action_and_the_state():
    ticket = Ticket.objects.create(status=S.CLOSED)
    with pytest.raises(TransitionRefused) as refused:
        TICKETS.perform(ticket, "answer", _user("staff", "change_ticket"), text="x")
    assert refused.value.messages == ["Không thể “Trả lời” khi phiếu đang ở trạng thái “Đã đóng”."]
    ticket = Ticket.objects.create()
    with pytest.raises(TransitionRefused) as refused:
        TICKETS.perform(ticket, "answer", _user("other"), text="x")
    assert refused.value.messages == ["Tài khoản của bạn không có quyền “Trả lời” đối với phiếu này."]


def test_an_action_that_would_change_nothing_is_refused():
    staff = _user("staff", "change_ticket")
    ticket = TICKETS.perform(Ticket.objects.create(), "answer", staff, text="Một")
    with pytest.raises(TransitionRefused) as refused:
        TICKETS.perform(ticket, "reword", staff, text="Một")
    assert refused.value.code == "unchanged"
    assert TICKETS.perform(ticket, "reword", staff, text="Hai").answer == "Hai"


def test_publish_runs_only_after_commit_and_never_for_a_rolled_back_transaction(django_capture_on_commit_callbacks):
    staff = _user("staff", "change_ticket")
    ticket = Ticket.objects.create()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        TICKETS.perform(ticket, "answer", staff, text="Một")
        raise RuntimeError("the caller's transaction fails after the transition")
    assert (callbacks, published, _state(ticket)[0]) == ([], [], S.OPEN)

    with django_capture_on_commit_callbacks() as callbacks:
        TICKETS.perform(ticket, "answer", staff, text="Một")
        assert published == []  # the transition is done, its transaction not yet committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert published == [TicketEvent.objects.get()]


def test_who_may_act_is_decided_once_the_owner_or_the_permission_within_scope(django_user_model):
    owner, stranger = _user("owner"), _user("stranger")
    closer, other_team = _user("closer", "delete_ticket"), _user("other", "delete_ticket", team="b")
    ticket = Ticket.objects.create(owner=owner)
    assert TICKETS.may(ticket, TICKETS.table["close"], owner) == OWNER
    assert TICKETS.may(ticket, TICKETS.table["close"], closer) == STAFF
    for actor in (stranger, other_team):
        with pytest.raises(TransitionRefused) as refused:
            TICKETS.perform(ticket, "close", actor)
        assert refused.value.code == "forbidden"
    assert TICKETS.allowed(ticket, other_team) == TICKETS.allowed(ticket, stranger) == []
    assert TICKETS.perform(ticket, "close", owner).status == S.CLOSED


def _try(ticket, action, actor, arguments) -> bool:
    try:
        with transaction.atomic():
            TICKETS.perform(ticket, action, actor, **arguments)
            transaction.set_rollback(True)  # try it, then put everything back for the next case
    except TransitionRefused:
        return False
    return True


def test_allowed_lists_exactly_what_perform_accepts():
    owner = _user("owner")
    actors = [
        None,
        owner,
        _user("stranger"),
        _user("staff", "change_ticket", "delete_ticket"),
        _user("out_of_scope", "change_ticket", "delete_ticket", team="b"),
        User.objects.create_superuser(username="root", password="x"),
    ]
    arguments = {"answer": {"text": "Mới"}, "reword": {"text": "Mới"}, "close": {}, "rate": {}}
    for status, rated, actor in product(S.values, (False, True), actors):
        ticket = Ticket.objects.create(status=status, owner=owner, rated=rated)
        accepted = [action for action in arguments if _try(ticket, action, actor, arguments[action])]
        assert TICKETS.allowed(ticket, actor) == accepted, (status, rated, actor)


def test_the_services_take_the_input_fields_as_keywords():
    services = TICKETS.services()
    assert list(inspect.signature(services["answer"]).parameters) == ["ticket", "actor", "text", "note", "at"]
    assert list(inspect.signature(services["close"]).parameters) == ["ticket", "actor", "at"]
    ticket = Ticket.objects.create(owner=_user("owner"))
    with pytest.raises(TypeError):
        services["close"](ticket=ticket, actor=ticket.owner, reason="no such argument")
    with pytest.raises(TypeError):
        services["answer"](ticket=ticket, actor=ticket.owner)  # `text` is required
    assert services["close"](ticket=ticket, actor=ticket.owner).status == S.CLOSED


def test_an_object_no_user_owns_has_staff_take_every_action(django_user_model):
    """owner_field=None: no field is read for an owner, and a table with an owner's row is refused."""
    with pytest.raises(ImproperlyConfigured, match="owner_field"):
        Workflow(Ticket, TABLE, record=_record, in_scope=lambda u, t: True, noun="phiếu", owner_field=None)
    staff_only = [dataclasses.replace(row, owner=False) for row in TABLE]
    unowned = Workflow(Ticket, staff_only, record=_record, in_scope=lambda u, t: True, noun="phiếu", owner_field=None)
    owner = _user("owner")
    ticket = Ticket.objects.create(owner=owner)
    assert unowned.allowed(ticket, owner) == []  # the owner column is not read
    assert unowned.allowed(ticket, _user("staff", "change_ticket")) == ["answer"]


def test_the_table_answers_the_states_and_permissions_of_the_objects_waiting_for_some_actions():
    # What a queue of "the tickets on which these actions can be taken" lists and who sees it.
    assert TICKETS.sources_of("answer") == {S.OPEN}
    assert TICKETS.sources_of("answer", "close") == {S.OPEN, S.DONE}
    assert TICKETS.sources_of("rate", "reword") == {S.DONE, S.CLOSED}
    # In table order, each once; an owner-only action has none.
    assert TICKETS.permissions_of("close", "reword", "answer") == ("core.change_ticket", "core.delete_ticket")
    assert TICKETS.permissions_of("rate") == ()
    with pytest.raises(KeyError):
        TICKETS.sources_of("no_such_action")


def test_a_recorded_move_is_checked_against_its_row():
    answer, reword, close = (TICKETS.table[action] for action in ("answer", "reword", "close"))
    assert answer.moves(S.OPEN, S.DONE)
    assert not answer.moves(S.DONE, S.DONE)  # not a source
    assert not answer.moves(S.OPEN, S.CLOSED)  # not its target
    # A row without a target keeps the state: it moves from a source to that same source only.
    assert reword.moves(S.DONE, S.DONE) and not reword.moves(S.DONE, S.OPEN)
    assert close.moves(S.OPEN, S.CLOSED) and close.moves(S.DONE, S.CLOSED)
    assert (answer.after(S.OPEN), reword.after(S.DONE)) == (S.DONE, S.DONE)
