# The facefuse deployment: three Lambda functions built from one module (fusion, moderation,
# labelling), their database, media bucket, keys, schedules and queue. Files by concern:
#   functions.tf  the three functions, their URLs and what each may touch
#   database.tf   Aurora PostgreSQL Serverless v2 behind RDS Proxy, and the migration step
#   storage.tf    the media bucket
#   secrets.tf    the KMS key and the service keys in Secrets Manager
#   schedules.tf  retention purges (EventBridge Scheduler) and the video segment queue

data "aws_caller_identity" "current" {}

locals {
  functions = toset(["fusion", "moderation", "labelling"])

  # Every function gets its own name, image repository and execution role.
  function_names = { for f in local.functions : f => "${var.name_prefix}-${f}" }

  # ARNs are partition-aware so the same stack can be applied in aws-cn.
  arn_prefix = "arn:${var.partition}"
  account_id = data.aws_caller_identity.current.account_id

  # fusion is public (apps sign their requests; facefuse checks the signature). moderation and
  # labelling answer only SigV4-signed calls: the other functions and operators. Labelling's public
  # routes (inspection, reports, labelling for apps) have a second, public URL of their own.
  url_auth_types = {
    fusion     = "NONE"
    moderation = "AWS_IAM"
    labelling  = "AWS_IAM"
  }
}
