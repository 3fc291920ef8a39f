"""The limits of contact requests, in one place (docs/contacts.md explains them)."""

# A request waiting this long gets one reminder, then expires: nobody waits forever.
REMIND_AFTER_DAYS = 7
EXPIRE_AFTER_DAYS = 14
# Against unwanted solicitation: requests waiting for an answer, per inviting organisation...
MAX_PENDING_SENT = 10
# ...organisations invited by one request...
MAX_RECIPIENTS = 5
# ...and the days before an organisation that declined may be invited again by the same one.
DECLINE_COOLDOWN_DAYS = 30
# Default length of the trial proposed as a first step (months).
DEFAULT_TRIAL_MONTHS = 3
