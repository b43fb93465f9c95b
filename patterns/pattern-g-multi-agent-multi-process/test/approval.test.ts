import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll } from 'vitest';
import { describeApprovalAcrossContainers } from '../../../shared/runtime/test/agents-approval-containers';
import { buildInProcess } from './in-process';

// Specialists in process behind the mocked Lambda API; the multi-process runs are in local.test.ts and compare.
afterAll(() => mockClient(LambdaClient).restore());
describeApprovalAcrossContainers('g', (rt) => buildInProcess(rt));
