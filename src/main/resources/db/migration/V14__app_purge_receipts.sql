-- A terminated app's data is purged after its grace period, with a receipt of its own kind.
alter table deletion_receipt drop constraint deletion_receipt_trigger_check;
alter table deletion_receipt add constraint deletion_receipt_trigger_check
    check (trigger in ('withdrawal', 'erasure_request', 'app_terminated'));
