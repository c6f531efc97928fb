"""The operations wing's table: finished backups (the launch checklist asks for a recent one).

Stored under the practice app's label, with the practice's other tables and its
one migration history (practice_site/content/migrations/).
"""

from django.db import models


class BackupRecord(models.Model):
    """One row per finished `backup_site` run: the checklist asks for a recent one."""

    finished_at = models.DateTimeField()
    folder = models.CharField(max_length=500)

    class Meta:
        app_label = "practice_site"
        get_latest_by = "finished_at"

    def __str__(self):
        return f"Backup {self.folder} at {self.finished_at:%Y-%m-%d %H:%M}"
