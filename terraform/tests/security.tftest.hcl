# What the stack promises about access, checked offline against a mocked AWS provider (applied to
# mocks, so computed values are known): a private bucket, the right URL auth, no wildcards on data,
# per-function secrets, a private database, purges on a schedule and migrations once per release.
mock_provider "aws" {
  source = "./tests/mocks"

  # Distinct ARNs per secret, so "who can read which secret" is a real question.
  override_resource {
    target = aws_secretsmanager_secret.function_config["fusion"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/fusion/config" }
  }
  override_resource {
    target = aws_secretsmanager_secret.function_config["moderation"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/moderation/config" }
  }
  override_resource {
    target = aws_secretsmanager_secret.function_config["labelling"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/labelling/config" }
  }
  override_resource {
    target = aws_secretsmanager_secret.database_role["fusion"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/fusion/database" }
  }
  override_resource {
    target = aws_secretsmanager_secret.database_role["moderation"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/moderation/database" }
  }
  override_resource {
    target = aws_secretsmanager_secret.database_role["labelling"]
    values = { arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:facefuse/labelling/database" }
  }
}

variables {
  region                  = "cn-north-1"
  partition               = "aws-cn"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0a", "subnet-0b"]
  image_tag               = "0.1.0"
  labelling_producer_code = "FACEFUSETEST000000000000000"
  operator_token_sha256   = { alice = "21a41ec35ffe053418f5ebab652c9b4cb07a643a9100640d18b635e0df503928" }
}

run "security" {
  command = apply

  # --- Media bucket ---
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.media.block_public_acls,
      aws_s3_bucket_public_access_block.media.block_public_policy,
      aws_s3_bucket_public_access_block.media.ignore_public_acls,
      aws_s3_bucket_public_access_block.media.restrict_public_buckets,
    ])
    error_message = "the media bucket must block every kind of public access"
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.media.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "the media bucket must not use ACLs"
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.media.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms"
    error_message = "media must be encrypted with the stack's KMS key"
  }

  assert {
    condition = anytrue([for s in data.aws_iam_policy_document.media.statement :
    s.effect == "Deny" && anytrue([for c in s.condition : c.variable == "aws:SecureTransport" && contains(c.values, "false")])])
    error_message = "the bucket policy must refuse plain HTTP"
  }

  assert {
    condition = anytrue([for r in aws_s3_bucket_lifecycle_configuration.media.rule :
    r.status == "Enabled" && one(r.filter).prefix == "results/" && length(r.expiration) == 1 && try(r.expiration[0].days, 0) == 8])
    error_message = "results must expire from the bucket a day after the 7-day retention"
  }

  # --- Function URLs ---
  assert {
    condition     = output.function_url_auth_types == { fusion = "NONE", moderation = "AWS_IAM", labelling = "AWS_IAM" }
    error_message = "fusion's URL is public (apps sign requests); moderation's and labelling's need SigV4"
  }

  assert {
    condition     = module.function["fusion"].publicly_invokable && !module.function["moderation"].publicly_invokable && !module.function["labelling"].publicly_invokable
    error_message = "only fusion's URL may be open to anyone"
  }

  assert {
    condition     = module.function["labelling"].public_url != null && module.function["fusion"].public_url == null && module.function["moderation"].public_url == null
    error_message = "labelling's public routes need their own public URL; no other function gets one"
  }

  assert {
    condition     = alltrue([for f in ["fusion", "moderation", "labelling"] : module.function[f].environment.QUARKUS_SCHEDULER_ENABLED == "false"])
    error_message = "deployed, housekeeping runs from the schedules, not in-process timers"
  }

  # --- Least privilege ---
  assert {
    condition = alltrue(flatten([for f, doc in data.aws_iam_policy_document.function : [for s in doc.statement :
    [for r in s.resources : r != "*" && !endswith(r, ":::*") && r != "${aws_s3_bucket.media.arn}/*"]]]))
    error_message = "no function may be granted data on a wildcard resource or the whole bucket"
  }

  assert {
    condition = alltrue(flatten([for f, doc in data.aws_iam_policy_document.function : [for s in doc.statement :
    [for a in s.actions : !strcontains(a, "*")]]]))
    error_message = "no function may be granted wildcard actions"
  }

  assert {
    condition = alltrue([for f in ["fusion", "moderation"] : !contains(flatten([for s in data.aws_iam_policy_document.function[f].statement : tolist(s.resources)]),
    aws_secretsmanager_secret.function_config["labelling"].arn)])
    error_message = "only labelling may read the secret with the watermark and label-signing keys"
  }

  assert {
    condition = alltrue([for f in ["moderation", "labelling"] : !contains(flatten([for s in data.aws_iam_policy_document.function[f].statement : tolist(s.resources)]),
    aws_secretsmanager_secret.function_config["fusion"].arn)])
    error_message = "only fusion may read the secret with the credential key"
  }

  assert {
    condition = alltrue([for f in ["moderation", "labelling"] : !anytrue([for s in data.aws_iam_policy_document.function[f].statement :
    anytrue([for a in s.actions : startswith(a, "s3:")])])])
    error_message = "only fusion touches media"
  }

  assert {
    condition = alltrue([for f, doc in data.aws_iam_policy_document.function : alltrue([for s in doc.statement :
    !contains(s.actions, "lambda:InvokeFunctionUrl") || anytrue([for c in s.condition : c.variable == "lambda:FunctionUrlAuthType" && contains(c.values, "AWS_IAM")])])])
    error_message = "functions may call each other only through IAM-authenticated URLs"
  }

  assert {
    condition = alltrue([for f, doc in data.aws_iam_policy_document.function : !contains(flatten([for s in doc.statement : tolist(s.resources)]),
    aws_rds_cluster.facefuse.master_user_secret[0].secret_arn)])
    error_message = "no serving function may read the master user's secret: each connects as its own database role"
  }

  assert {
    condition = alltrue([for f, doc in data.aws_iam_policy_document.function : alltrue([for other in ["fusion", "moderation", "labelling"] :
    other == f || !contains(flatten([for s in doc.statement : tolist(s.resources)]), aws_secretsmanager_secret.database_role[other].arn)])])
    error_message = "a function may read its own database login only"
  }

  assert {
    condition     = alltrue([for f in ["fusion", "moderation", "labelling"] : module.function[f].environment.FACEFUSE_DATABASE_SECRET_ARN == aws_secretsmanager_secret.database_role[f].arn])
    error_message = "each function connects as its own database role"
  }

  assert {
    condition     = length(aws_db_proxy.facefuse.auth) == 4
    error_message = "RDS Proxy must know the master user and the three function roles"
  }

  # --- Database ---
  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.facefuse : !i.publicly_accessible])
    error_message = "no database instance may be publicly accessible"
  }

  assert {
    condition     = aws_rds_cluster.facefuse.storage_encrypted && aws_rds_cluster.facefuse.manage_master_user_password && aws_rds_cluster.facefuse.deletion_protection
    error_message = "the database must be encrypted, keep its password in Secrets Manager and be protected from deletion"
  }

  assert {
    condition     = aws_db_proxy.facefuse.require_tls
    error_message = "RDS Proxy must require TLS"
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.database_from_proxy.cidr_ipv4 == null ? [] : [1]) == 0
    error_message = "the database must accept connections from the proxy's security group only, never from an address range"
  }

  # --- Schedules, migrations, logs ---
  assert {
    condition = length(aws_scheduler_schedule.purge) == 3 && alltrue([for f, s in aws_scheduler_schedule.purge :
    s.schedule_expression == "rate(1 hour)" && one(s.target).arn == module.function[f].function_arn && strcontains(one(s.target).input, "/internal/v1/housekeeping")])
    error_message = "each function's retention purges must run on the schedule"
  }

  assert {
    condition     = aws_lambda_function.migrate.environment[0].variables.QUARKUS_FLYWAY_MIGRATE_AT_START == "true" && alltrue([for f in ["fusion", "moderation", "labelling"] : module.function[f].environment.QUARKUS_FLYWAY_MIGRATE_AT_START == "false"])
    error_message = "only the migrate step may migrate; serving functions never migrate at a cold start"
  }

  assert {
    condition     = aws_lambda_invocation.migrate.triggers.image_tag == "0.1.0"
    error_message = "migrations must run again for each release"
  }

  assert {
    condition     = alltrue([for f in ["fusion", "moderation", "labelling"] : module.function[f].log_retention_days == 90 && length(module.function[f].alarm_names) == 3])
    error_message = "every function needs a log group with retention and alarms on errors and throttles"
  }

  assert {
    condition     = module.function["labelling"].environment.FACEFUSE_LABELLING_PRODUCER_CODE == "FACEFUSETEST000000000000000" && !contains(keys(module.function["fusion"].environment), "FACEFUSE_LABELLING_PRODUCER_CODE")
    error_message = "labelling gets the producer code"
  }
}
