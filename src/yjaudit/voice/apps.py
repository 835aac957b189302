from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "yjaudit.voice"
    label = "voice"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Children's and victims' voices"
