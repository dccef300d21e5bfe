# Values the mocked AWS provider returns where a random string would not do: policy documents
# must be JSON, and an Aurora cluster that manages its password has a secret.
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

mock_resource "aws_rds_cluster" {
  defaults = {
    master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:rds!cluster-facefuse", kms_key_id = "k", secret_status = "active" }]
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:cn-north-1:123456789012:key/facefuse"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mocked"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn = "arn:aws:lambda:cn-north-1:123456789012:function:mocked"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn    = "arn:aws:s3:::facefuse-media-mocked"
    bucket = "facefuse-media-mocked"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:cn-north-1:123456789012:mocked"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:cn-north-1:123456789012:log-group:mocked"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:cn-north-1:123456789012:secret:mocked"
  }
}

mock_resource "aws_lambda_function_url" {
  defaults = {
    function_url = "https://mocked.lambda-url.cn-north-1.on.aws/"
  }
}

mock_resource "aws_db_proxy_default_target_group" {
  defaults = {
    name = "default"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    name = "public"
  }
}
