/** Approval (REQUIRE_CONFIRMATION) through pattern C's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { buildInProcess } from './in-process';

approvalInDynamo('c', buildInProcess, { it, expect });
