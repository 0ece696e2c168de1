"""The overdue list, within the user's scope."""

import datetime as dt

from egov.assignments.models import Task
from egov.assignments.selectors import overdue_occurrences
from egov.assignments.services import progress_report_submit, task_set_status
from egov.organisations.roles import Role


def test_overdue_list(tasks_003, units, make_staff, leader):
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    progress_report_submit(occurrence=june, user=head_vp, content="Đã thực hiện.", percent_complete=100)
    task_set_status(task=tasks_003[1], status=Task.Status.DONE)
    assert not overdue_occurrences(user=leader, today=dt.date(2021, 6, 15)).exists()
    overdue = overdue_occurrences(user=leader, today=dt.date(2021, 6, 16))
    assert sorted(o.task.position for o in overdue) == [3, 4, 5, 6, 7, 8, 9, 10]
    # A unit head sees the overdue tasks of the unit (lead or co-ordinating).
    head_tt = make_staff(Role.UNIT_HEAD, unit=units["TTr"])
    assert overdue_occurrences(user=head_tt, today=dt.date(2021, 6, 16)).count() == 8
