# One customer-managed key encrypts everything at rest: secrets, bucket, database, logs, images.
resource "aws_kms_key" "facefuse" {
  description             = "${var.name_prefix}: secrets, media, database, logs and images"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "facefuse" {
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.facefuse.key_id
}

data "aws_iam_policy_document" "kms" {
  # The account administers the key through IAM (the AWS default for a key policy).
  statement {
    sid       = "AccountAdministersThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["${local.arn_prefix}:iam::${local.account_id}:root"]
    }
  }

  # CloudWatch Logs encrypts the functions' log groups with it, and nothing else of ours.
  statement {
    sid       = "CloudWatchLogsEncryptsOurLogGroups"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["${local.arn_prefix}:logs:${var.region}:${local.account_id}:log-group:/aws/lambda/${var.name_prefix}-*"]
    }
  }
}

# Service keys (internal token, credential key, label-signing and watermark keys) live in one
# secret per function holding only the configuration keys that function needs, so only labelling
# can read the watermark and label-signing keys and only fusion the credential key. Terraform
# creates the secrets but never their values, which would otherwise sit in its state:
# tools/put-service-keys generates and writes them once (README, "Deploying").
resource "aws_secretsmanager_secret" "function_config" {
  for_each                = local.functions
  name                    = "${var.name_prefix}/${each.key}/config"
  description             = "Configuration keys of the ${each.key} function (JSON: property name -> value), read at start."
  kms_key_id              = aws_kms_key.facefuse.arn
  recovery_window_in_days = 30
}

# What every function reads at start that is not secret but is only known once the functions exist
# (their URLs: a function's environment cannot name another's URL without a dependency cycle), and
# the operators' token hashes. Read together with the function's own secret.
resource "aws_secretsmanager_secret" "shared_config" {
  name                    = "${var.name_prefix}/shared/config"
  description             = "Configuration shared by the facefuse functions: each other's URLs, operator token hashes."
  kms_key_id              = aws_kms_key.facefuse.arn
  recovery_window_in_days = 30
}

locals {
  labelling_public_host = trimsuffix(trimprefix(module.function["labelling"].public_url, "https://"), "/")
}

resource "aws_secretsmanager_secret_version" "shared_config" {
  secret_id = aws_secretsmanager_secret.shared_config.id
  secret_string = jsonencode(merge(
    { for name, hash in var.operator_token_sha256 : "facefuse.operators.tokens.${name}" => hash },
    { for f in local.functions : "quarkus.rest-client.${f}.url" => trimsuffix(module.function[f].url, "/") },
    { "facefuse.http.public-only-hosts" = local.labelling_public_host },
  ))
}
