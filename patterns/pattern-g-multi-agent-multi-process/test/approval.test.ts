import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, expect, it } from 'vitest';
import { describeApprovalAcrossContainers } from '../../../shared/runtime/test/agents-approval-containers';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { buildInProcess } from './in-process';

// Specialists in process behind the mocked Lambda API; the multi-process runs are in local.test.ts and compare.
afterAll(() => mockClient(LambdaClient).restore());
describeApprovalAcrossContainers('g', (rt) => buildInProcess(rt));
approvalInDynamo('g', (rt) => buildInProcess(rt), { it, expect });
