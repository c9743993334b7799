from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from .forms import PreferencesForm
from .services import user_password_changed, user_update_preferences


class PortalLoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "accounts/preferences.html"
    form_class = PreferencesForm

    def get_initial(self):
        return {"notification_delivery": self.request.user.notification_delivery, "email": self.request.user.email}

    def form_valid(self, form):
        user_update_preferences(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("设置已保存。"))
        return redirect("preferences")
