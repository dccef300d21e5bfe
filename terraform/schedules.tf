# --- Retention purges ------------------------------------------------------------------------------
# A Lambda function runs only while it answers, so the in-process timers of a long-running server
# (expired results, review images, trace entries, terminated apps, arrears) are driven by
# EventBridge Scheduler instead: each function is invoked directly (IAM, not through its URL) with
# a request for its housekeeping route, which runs whatever is due (io.facefuse.housekeeping).

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name_prefix}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    actions   = ["lambda:InvokeFunction"]
    resources = [for f in local.functions : module.function[f].function_arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-housekeeping"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

resource "aws_scheduler_schedule" "purge" {
  for_each                     = local.functions
  name                         = "${local.function_names[each.key]}-purge"
  description                  = "Runs the ${each.key} function's due retention purges."
  schedule_expression          = var.purge_schedule
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode                      = "FLEXIBLE"
    maximum_window_in_minutes = 10
  }

  target {
    arn      = module.function[each.key].function_arn
    role_arn = aws_iam_role.scheduler.arn
    # A payload 2.0 event, like a function URL's, but with no domain name: the application accepts
    # its housekeeping route only from such direct (IAM-authorised) invocations or with the
    # internal token.
    input = jsonencode({
      version         = "2.0"
      routeKey        = "$default"
      rawPath         = "/internal/v1/housekeeping"
      rawQueryString  = ""
      headers         = { "content-type" = "application/json" }
      requestContext  = { http = { method = "POST", path = "/internal/v1/housekeeping", protocol = "HTTP/1.1", sourceIp = "127.0.0.1", userAgent = "eventbridge-scheduler" } }
      body            = "{}"
      isBase64Encoded = false
    })

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}

# --- Video segments ---------------------------------------------------------------------------------
# Video fusion splits a video into segments and fans them out to workers through this queue; failed
# segments land in the dead-letter queue for inspection. The worker wiring stays off
# (enable_video_worker) until video fusion ships.

resource "aws_sqs_queue" "video_segments_dlq" {
  name                      = "${var.name_prefix}-video-segments-dlq"
  kms_master_key_id         = aws_kms_key.facefuse.arn
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "video_segments" {
  name                       = "${var.name_prefix}-video-segments"
  kms_master_key_id          = aws_kms_key.facefuse.arn
  visibility_timeout_seconds = 6 * var.functions["fusion"].timeout_s # AWS's advice for Lambda consumers
  message_retention_seconds  = 86400
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.video_segments_dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_lambda_event_source_mapping" "video_segments" {
  count            = var.enable_video_worker ? 1 : 0
  event_source_arn = aws_sqs_queue.video_segments.arn
  function_name    = module.function["fusion"].function_arn
  batch_size       = 1
}

resource "aws_cloudwatch_metric_alarm" "video_dlq" {
  alarm_name          = "${var.name_prefix}-video-segments-dead-letters"
  alarm_description   = "Video segments failed three times and wait in the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.video_segments_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
}
