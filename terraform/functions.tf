# The three functions, their image repositories, and what each may touch besides its own logs.

# Created first, on their own, so the images can be pushed before the functions exist (README).
resource "aws_ecr_repository" "function" {
  for_each             = local.functions
  name                 = local.function_names[each.key]
  image_tag_mutability = "IMMUTABLE" # a release tag always names the same image

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.facefuse.arn
  }
}

resource "aws_ecr_lifecycle_policy" "function" {
  for_each   = local.functions
  repository = aws_ecr_repository.function[each.key].name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 30 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 30 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_security_group" "functions" {
  name        = "${var.name_prefix}-functions"
  description = "facefuse functions: no inbound; outbound to RDS Proxy and HTTPS"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "functions_https" {
  security_group_id = aws_security_group.functions.id
  description       = "AWS APIs and the other functions' URLs, through the NAT gateway"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "functions_database" {
  security_group_id            = aws_security_group.functions.id
  description                  = "PostgreSQL through RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

locals {
  database_host = aws_db_proxy.facefuse.endpoint

  common_environment = {
    QUARKUS_DATASOURCE_REACTIVE_URL = "postgresql://${local.database_host}:5432/facefuse?sslmode=require"
    QUARKUS_DATASOURCE_JDBC_URL     = "jdbc:postgresql://${local.database_host}:5432/facefuse?sslmode=require"
    FACEFUSE_MEDIA_STORE            = "s3"
    FACEFUSE_MEDIA_BUCKET           = aws_s3_bucket.media.bucket
    FACEFUSE_CLIENTS_SIGV4          = "true"
    # Housekeeping is driven by the purge schedules (schedules.tf), not by in-process timers.
    QUARKUS_SCHEDULER_ENABLED = "false"
    # Releases migrate once, through the migrate function (database.tf), never at a cold start.
    QUARKUS_FLYWAY_MIGRATE_AT_START = "false"
  }

  function_environment = {
    for f in local.functions : f => merge(local.common_environment, {
      FACEFUSE_CONFIG_SECRET_ARNS  = join(",", [aws_secretsmanager_secret.shared_config.arn, aws_secretsmanager_secret.function_config[f].arn])
      FACEFUSE_DATABASE_SECRET_ARN = aws_secretsmanager_secret.database_role[f].arn # its own role, not the master user
    }, f == "labelling" ? { FACEFUSE_LABELLING_PRODUCER_CODE = var.labelling_producer_code } : {})
  }
}

module "function" {
  source   = "./modules/function"
  for_each = local.functions

  name                 = local.function_names[each.key]
  function             = each.key
  arn_prefix           = local.arn_prefix
  repository_url       = aws_ecr_repository.function[each.key].repository_url
  image_tag            = var.image_tag
  memory_mb            = var.functions[each.key].memory_mb
  timeout_s            = var.functions[each.key].timeout_s
  reserved_concurrency = var.functions[each.key].reserved_concurrency
  url_auth_type        = local.url_auth_types[each.key]
  public_url           = each.key == "labelling"
  environment          = local.function_environment[each.key]
  subnet_ids           = var.private_subnet_ids
  security_group_ids   = [aws_security_group.functions.id]
  kms_key_arn          = aws_kms_key.facefuse.arn
  log_retention_days   = var.log_retention_days
  alarm_actions        = var.alarm_actions

  # A release's schema is in place before any function runs the release's code.
  depends_on = [aws_lambda_invocation.migrate]
}

# --- What each function may read and write -------------------------------------------------------

locals {
  # Media prefixes each function works on (io.facefuse.media): fusion keeps templates and results.
  media_prefixes = {
    fusion     = ["templates/", "results/"]
    moderation = []
    labelling  = []
  }

  # Whom each function calls through an AWS_IAM function URL.
  calls = {
    fusion     = ["moderation", "labelling"]
    moderation = ["labelling"]
    labelling  = ["moderation"]
  }
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  statement {
    sid     = "ReadOwnConfiguration"
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_secretsmanager_secret.shared_config.arn,
      aws_secretsmanager_secret.function_config[each.key].arn,
      aws_secretsmanager_secret.database_role[each.key].arn,
    ]
  }

  statement {
    sid       = "DecryptWithTheStackKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.facefuse.arn]
  }

  statement {
    sid       = "CallOtherFunctionsSigned"
    actions   = ["lambda:InvokeFunctionUrl"]
    resources = [for callee in local.calls[each.key] : module.function[callee].function_arn]
    condition {
      test     = "StringEquals"
      variable = "lambda:FunctionUrlAuthType"
      values   = ["AWS_IAM"]
    }
  }

  dynamic "statement" {
    for_each = length(local.media_prefixes[each.key]) > 0 ? [1] : []
    content {
      sid       = "MediaObjects"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = [for prefix in local.media_prefixes[each.key] : "${aws_s3_bucket.media.arn}/${prefix}*"]
    }
  }

  dynamic "statement" {
    for_each = length(local.media_prefixes[each.key]) > 0 ? [1] : []
    content {
      sid       = "ListMediaPrefixes"
      actions   = ["s3:ListBucket"]
      resources = [aws_s3_bucket.media.arn]
      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [for prefix in local.media_prefixes[each.key] : "${prefix}*"]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "fusion" ? [1] : []
    content {
      sid       = "QueueVideoSegments"
      actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      resources = [aws_sqs_queue.video_segments.arn]
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions
  name     = "data"
  role     = module.function[each.key].role_name
  policy   = data.aws_iam_policy_document.function[each.key].json
}
