from allauth.usersessions.models import UserSession

from accounts.models import User


def user_end_sessions(*, user, keep_session_key=None):
    """End ``user``'s sessions (all but ``keep_session_key``, if given): the
    session rows are deleted, so those browsers are logged out at once.

    Covers every session started by logging in through allauth (each has a
    ``UserSession`` row). Hits the database: one query, then two deletes per
    session. Returns how many sessions it ended."""
    sessions = UserSession.objects.filter(user_id=user.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended = 0
    for session in sessions:
        session.end()
        ended += 1
    return ended


def system_user(*, username, first_name):
    """The inactive user a job records its work as (imports, retention):
    no usable password, so nobody can log in as it. Created when missing."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"is_active": False, "first_name": first_name, "last_name": "(system)"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
