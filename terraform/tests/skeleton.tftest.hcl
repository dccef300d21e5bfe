# Runs offline: the AWS provider is mocked, so no credentials and no API calls are needed.
mock_provider "aws" {}

variables {
  region = "cn-north-1"
}

run "names_each_function" {
  command = plan

  variables {
    partition = "aws-cn"
  }

  assert {
    condition     = output.function_names == { fusion = "facefuse-fusion", moderation = "facefuse-moderation", labelling = "facefuse-labelling" }
    error_message = "each of the three functions needs its own name"
  }

  assert {
    condition     = output.arn_prefix == "arn:aws-cn"
    error_message = "ARNs must follow the chosen partition"
  }
}

run "rejects_an_unknown_partition" {
  command = plan

  variables {
    partition = "azure"
  }

  expect_failures = [var.partition]
}
