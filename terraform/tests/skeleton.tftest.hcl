# Runs offline: the AWS provider is mocked, so no credentials and no API calls are needed.
# These runs check the stack's shape (names, partitions, input validation); security.tftest.hcl
# checks what the stack promises about access.
mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  region                  = "cn-north-1"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0a", "subnet-0b"]
  image_tag               = "0.1.0"
  labelling_producer_code = "FACEFUSETEST000000000000000"
  operator_token_sha256   = { alice = "21a41ec35ffe053418f5ebab652c9b4cb07a643a9100640d18b635e0df503928" }
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

run "rejects_a_single_subnet" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0a"]
  }

  expect_failures = [var.private_subnet_ids]
}

run "rejects_an_operator_token_instead_of_its_hash" {
  command = plan

  variables {
    operator_token_sha256 = { alice = "test-operator-token" }
  }

  expect_failures = [var.operator_token_sha256]
}

run "sizes_each_function_as_configured" {
  command = apply

  variables {
    functions = {
      fusion     = { memory_mb = 4096, timeout_s = 20, reserved_concurrency = 50 }
      moderation = { memory_mb = 2048, timeout_s = 25, reserved_concurrency = -1 }
      labelling  = { memory_mb = 1024, timeout_s = 10, reserved_concurrency = 5 }
    }
  }

  assert {
    condition     = module.function["fusion"].memory_mb == 4096 && module.function["fusion"].reserved_concurrency == 50
    error_message = "fusion must get the memory and reserved concurrency it was given"
  }

  assert {
    condition     = module.function["labelling"].timeout_s == 10
    error_message = "labelling must get the timeout it was given"
  }
}
