from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yjaudit.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from yjaudit.organisations.signals import roles_changed

        from .receivers import remember_language_at_sign_in, revoke_tokens_on_role_change

        # Strong reference, one connection however often ready() runs.
        roles_changed.connect(
            revoke_tokens_on_role_change, dispatch_uid="accounts.revoke_tokens_on_role_change"
        )
        user_logged_in.connect(
            remember_language_at_sign_in, dispatch_uid="accounts.remember_language_at_sign_in"
        )
