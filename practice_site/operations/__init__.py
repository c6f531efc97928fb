"""Running the site: backups and restores, and the scheduler that runs recurring jobs
(scheduled_jobs.py lists them) on the task queue.
"""
