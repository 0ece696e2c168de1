from egov.organisations.roles import Role

GRANTS = {
    Role.ADMINISTRATOR: {
        "workdays.view_calendaroverride",
        "workdays.add_calendaroverride",
        "workdays.change_calendaroverride",
        "workdays.delete_calendaroverride",
    },
}
