from django.apps import AppConfig


class WordsConfig(AppConfig):
    name = "mutualiser.words"
    label = "words"
    verbose_name = "Words and numbers"
