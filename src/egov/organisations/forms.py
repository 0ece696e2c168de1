"""Password forms' one rule: who chose the new password decides whether it must be changed."""


class PasswordChosenBy:
    """Mixed into Django's password forms. `by_owner = False`: an administrator set it for someone
    else, so the owner must replace it at the next log-in; `True`: the owner chose it."""

    by_owner = True

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = not self.by_owner
        if commit:
            user.save()
        return user
