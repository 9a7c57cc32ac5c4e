from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST


@login_required
@require_POST
def session_end(request):
    """End one of your own sessions, chosen on the session list (a lost
    phone, a shared computer). Another user's session is a 404."""
    pk = request.POST.get("end", "")
    if not pk.isdigit():
        raise Http404
    session = get_object_or_404(UserSession, pk=int(pk), user=request.user)
    if session.session_key == request.session.session_key:
        logout(request)
        return redirect("account_login")
    session.end()
    messages.success(request, _("That session is ended: that browser is logged out."))
    return redirect("usersessions_list")
