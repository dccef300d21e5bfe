# Aurora PostgreSQL Serverless v2 in private subnets, reached only through RDS Proxy (Lambda opens
# many short-lived connections; the proxy pools them). The master password is generated and
# rotated by RDS in Secrets Manager and never passes through Terraform.

resource "aws_db_subnet_group" "facefuse" {
  name       = var.name_prefix
  subnet_ids = var.private_subnet_ids
}

resource "aws_security_group" "proxy" {
  name        = "${var.name_prefix}-db-proxy"
  description = "RDS Proxy: PostgreSQL from the facefuse functions only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_functions" {
  security_group_id            = aws_security_group.proxy.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.functions.id
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_database" {
  security_group_id            = aws_security_group.proxy.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.database.id
}

resource "aws_security_group" "database" {
  name        = "${var.name_prefix}-db"
  description = "Aurora: PostgreSQL from RDS Proxy only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_proxy" {
  security_group_id            = aws_security_group.database.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.proxy.id
}

resource "aws_rds_cluster" "facefuse" {
  cluster_identifier = var.name_prefix
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned" # Serverless v2 instances run in a provisioned cluster
  engine_version     = var.db_engine_version
  database_name      = "facefuse"
  master_username    = "facefuse"

  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.facefuse.arn

  db_subnet_group_name   = aws_db_subnet_group.facefuse.name
  vpc_security_group_ids = [aws_security_group.database.id]
  storage_encrypted      = true
  kms_key_id             = aws_kms_key.facefuse.arn

  serverlessv2_scaling_configuration {
    min_capacity = var.db_capacity.min
    max_capacity = var.db_capacity.max
  }

  backup_retention_period         = var.db_backup_retention_days
  deletion_protection             = var.db_deletion_protection
  copy_tags_to_snapshot           = true
  final_snapshot_identifier       = "${var.name_prefix}-final"
  enabled_cloudwatch_logs_exports = ["postgresql"]
}

resource "aws_rds_cluster_instance" "facefuse" {
  count                = var.db_instances
  identifier           = "${var.name_prefix}-${count.index}"
  cluster_identifier   = aws_rds_cluster.facefuse.cluster_identifier
  instance_class       = "db.serverless"
  engine               = aws_rds_cluster.facefuse.engine
  engine_version       = aws_rds_cluster.facefuse.engine_version
  db_subnet_group_name = aws_db_subnet_group.facefuse.name
  publicly_accessible  = false
}

data "aws_iam_policy_document" "proxy_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "proxy" {
  name               = "${var.name_prefix}-db-proxy"
  assume_role_policy = data.aws_iam_policy_document.proxy_assume.json
}

data "aws_iam_policy_document" "proxy" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat([aws_rds_cluster.facefuse.master_user_secret[0].secret_arn], [for f in local.functions : aws_secretsmanager_secret.database_role[f].arn])
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.facefuse.arn]
  }
}

resource "aws_iam_role_policy" "proxy" {
  name   = "read-database-secret"
  role   = aws_iam_role.proxy.id
  policy = data.aws_iam_policy_document.proxy.json
}

resource "aws_db_proxy" "facefuse" {
  name                   = var.name_prefix
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy.arn
  vpc_subnet_ids         = var.private_subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy.id]
  require_tls            = true
  idle_client_timeout    = 900

  # The master user (the migrate step) and one database role per function (V20__function_roles.sql):
  # the database itself keeps the trace log labelling's and the feature library moderation's.
  auth {
    auth_scheme = "SECRETS"
    secret_arn  = aws_rds_cluster.facefuse.master_user_secret[0].secret_arn
    iam_auth    = "DISABLED"
  }

  dynamic "auth" {
    for_each = local.functions
    content {
      auth_scheme = "SECRETS"
      secret_arn  = aws_secretsmanager_secret.database_role[auth.value].arn
      iam_auth    = "DISABLED"
    }
  }
}

# Each function's database login ({"username":"facefuse_<function>","password":…}), filled by
# tools/put-service-keys; the migrate step gives the roles these passwords.
resource "aws_secretsmanager_secret" "database_role" {
  for_each                = local.functions
  name                    = "${var.name_prefix}/${each.key}/database"
  description             = "Database login of the ${each.key} function's own role."
  kms_key_id              = aws_kms_key.facefuse.arn
  recovery_window_in_days = 30
}

resource "aws_db_proxy_default_target_group" "facefuse" {
  db_proxy_name = aws_db_proxy.facefuse.name

  connection_pool_config {
    max_connections_percent = 90
  }
}

resource "aws_db_proxy_target" "facefuse" {
  db_proxy_name         = aws_db_proxy.facefuse.name
  target_group_name     = aws_db_proxy_default_target_group.facefuse.name
  db_cluster_identifier = aws_rds_cluster.facefuse.cluster_identifier
}

# --- Migrations, once per release ---------------------------------------------------------------
# The serving functions never migrate at a cold start. This function runs the fusion image with
# Flyway on: invoking it once starts the application, which migrates before it answers. Terraform
# invokes it when the image tag changes, before it points the serving functions at the new image.
# Migrations only ever add (MigrationsTest refuses a destructive one), so the running release keeps
# working against the new schema while the functions roll over.

resource "aws_iam_role" "migrate" {
  name               = "${local.function_names["fusion"]}-migrate"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy_attachment" "migrate_vpc" {
  role       = aws_iam_role.migrate.name
  policy_arn = "${local.arn_prefix}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

data "aws_iam_policy_document" "migrate" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat([aws_rds_cluster.facefuse.master_user_secret[0].secret_arn], [for f in local.functions : aws_secretsmanager_secret.database_role[f].arn])
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.facefuse.arn]
  }
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.migrate.arn}:*"]
  }
}

resource "aws_iam_role_policy" "migrate" {
  name   = "migrate"
  role   = aws_iam_role.migrate.id
  policy = data.aws_iam_policy_document.migrate.json
}

resource "aws_cloudwatch_log_group" "migrate" {
  name              = "/aws/lambda/${local.function_names["fusion"]}-migrate"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.facefuse.arn
}

resource "aws_lambda_function" "migrate" {
  function_name = "${local.function_names["fusion"]}-migrate"
  role          = aws_iam_role.migrate.arn
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.function["fusion"].repository_url}:${var.image_tag}"
  architectures = ["x86_64"]
  memory_size   = 1024
  timeout       = 300
  kms_key_arn   = aws_kms_key.facefuse.arn

  environment {
    variables = {
      QUARKUS_DATASOURCE_JDBC_URL     = local.common_environment.QUARKUS_DATASOURCE_JDBC_URL
      QUARKUS_DATASOURCE_REACTIVE_URL = local.common_environment.QUARKUS_DATASOURCE_REACTIVE_URL
      FACEFUSE_DATABASE_SECRET_ARN    = aws_rds_cluster.facefuse.master_user_secret[0].secret_arn
      # the migrate step gives each function's role its password (io.facefuse.database.FunctionRoles)
      FACEFUSE_DATABASE_ROLE_SECRET_ARNS = join(",", [for f in local.functions : aws_secretsmanager_secret.database_role[f].arn])
      QUARKUS_FLYWAY_MIGRATE_AT_START    = "true"
      FACEFUSE_MODELS_LOAD               = "none" # migrating needs no model
    }
  }

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [aws_security_group.functions.id]
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.migrate.name
  }

  depends_on = [aws_iam_role_policy.migrate, aws_iam_role_policy_attachment.migrate_vpc, aws_db_proxy_target.facefuse]
}

# The invocation is an ordinary function-URL (payload 2.0) event for the liveness route: the
# application migrates while it starts, and a failed migration fails the start, the invocation
# and the apply.
resource "aws_lambda_invocation" "migrate" {
  function_name = aws_lambda_function.migrate.function_name
  input = jsonencode({
    version         = "2.0"
    routeKey        = "$default"
    rawPath         = "/q/health/live"
    rawQueryString  = ""
    headers         = { accept = "application/json" }
    requestContext  = { http = { method = "GET", path = "/q/health/live", protocol = "HTTP/1.1", sourceIp = "127.0.0.1", userAgent = "terraform" } }
    isBase64Encoded = false
  })
  triggers = {
    image_tag = var.image_tag
  }
}
