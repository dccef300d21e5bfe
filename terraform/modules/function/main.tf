# One facefuse function: its execution role, log group, the Lambda function
# itself, its HTTPS function URL and the alarms an operator needs. What the function may read and
# write beyond its own logs is granted by the root module, next to the data it concerns.

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

# Network interfaces in the VPC (the database is private). AWS's managed policy for exactly that.
resource "aws_iam_role_policy_attachment" "vpc" {
  role       = aws_iam_role.this.name
  policy_arn = "${var.arn_prefix}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }
}

resource "aws_iam_role_policy" "logs" {
  name   = "logs"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  package_type  = "Image"
  image_uri     = "${var.repository_url}:${var.image_tag}"
  architectures = ["x86_64"] # libtorch in the image is the x86_64 build
  memory_size   = var.memory_mb
  timeout       = var.timeout_s
  kms_key_arn   = var.kms_key_arn
  publish       = true # numbered versions, so the public alias names an immutable release

  reserved_concurrent_executions = var.reserved_concurrency

  environment {
    variables = var.environment
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  depends_on = [aws_iam_role_policy.logs, aws_iam_role_policy_attachment.vpc]
}

resource "aws_lambda_function_url" "this" {
  function_name      = aws_lambda_function.this.function_name
  authorization_type = var.url_auth_type
  invoke_mode        = "BUFFERED"
}

# A NONE-auth URL needs a resource policy that lets anyone call it; AWS_IAM URLs get theirs
# from the callers' identity policies instead (granted in the root module).
resource "aws_lambda_permission" "public_url" {
  count                  = var.url_auth_type == "NONE" ? 1 : 0
  statement_id           = "FunctionUrlPublic"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.this.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# A second, public URL on an alias, for a function whose protected URL is AWS_IAM but which has
# public routes too (labelling: inspection, reports, standalone labelling for apps). The
# application serves only public and app routes on it (facefuse.http.public-only-hosts).
resource "aws_lambda_alias" "public" {
  count            = var.public_url ? 1 : 0
  name             = "public"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_function_url" "public" {
  count              = var.public_url ? 1 : 0
  function_name      = aws_lambda_function.this.function_name
  qualifier          = aws_lambda_alias.public[0].name
  authorization_type = "NONE"
  invoke_mode        = "BUFFERED"
}

resource "aws_lambda_permission" "public_alias_url" {
  count                  = var.public_url ? 1 : 0
  statement_id           = "PublicAliasFunctionUrl"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.this.function_name
  qualifier              = aws_lambda_alias.public[0].name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# The alarms an operator needs: failed invocations, throttling (reserved concurrency or the account
# limit reached), and 5xx answers at the function URL.
locals {
  alarms = {
    errors    = { metric = "Errors", threshold = 5, description = "The ${var.function} function failed invocations (5xx answers are logged, not counted here)." }
    throttles = { metric = "Throttles", threshold = 1, description = "The ${var.function} function was throttled: raise its reserved concurrency or the account limit." }
    url-5xx   = { metric = "Url5xxCount", threshold = 5, description = "The ${var.function} function URL answered 5xx." }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/Lambda"
  metric_name         = each.value.metric
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}
