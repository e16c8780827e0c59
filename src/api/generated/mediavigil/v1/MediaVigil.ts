// Generated from proto/ by `npm run gen:proto` (proto-loader-gen-types). Do not edit.
// Original file: proto/mediavigil/v1/mediavigil.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcceptRequest as _mediavigil_v1_AcceptRequest, AcceptRequest__Output as _mediavigil_v1_AcceptRequest__Output } from '../../mediavigil/v1/AcceptRequest.js';
import type { AcceptResponse as _mediavigil_v1_AcceptResponse, AcceptResponse__Output as _mediavigil_v1_AcceptResponse__Output } from '../../mediavigil/v1/AcceptResponse.js';
import type { CancelSweepRequest as _mediavigil_v1_CancelSweepRequest, CancelSweepRequest__Output as _mediavigil_v1_CancelSweepRequest__Output } from '../../mediavigil/v1/CancelSweepRequest.js';
import type { CancelSweepResponse as _mediavigil_v1_CancelSweepResponse, CancelSweepResponse__Output as _mediavigil_v1_CancelSweepResponse__Output } from '../../mediavigil/v1/CancelSweepResponse.js';
import type { CreateIgnoreRuleRequest as _mediavigil_v1_CreateIgnoreRuleRequest, CreateIgnoreRuleRequest__Output as _mediavigil_v1_CreateIgnoreRuleRequest__Output } from '../../mediavigil/v1/CreateIgnoreRuleRequest.js';
import type { CreateIgnoreRuleResponse as _mediavigil_v1_CreateIgnoreRuleResponse, CreateIgnoreRuleResponse__Output as _mediavigil_v1_CreateIgnoreRuleResponse__Output } from '../../mediavigil/v1/CreateIgnoreRuleResponse.js';
import type { DeleteIgnoreRuleRequest as _mediavigil_v1_DeleteIgnoreRuleRequest, DeleteIgnoreRuleRequest__Output as _mediavigil_v1_DeleteIgnoreRuleRequest__Output } from '../../mediavigil/v1/DeleteIgnoreRuleRequest.js';
import type { DeleteIgnoreRuleResponse as _mediavigil_v1_DeleteIgnoreRuleResponse, DeleteIgnoreRuleResponse__Output as _mediavigil_v1_DeleteIgnoreRuleResponse__Output } from '../../mediavigil/v1/DeleteIgnoreRuleResponse.js';
import type { ExportRequest as _mediavigil_v1_ExportRequest, ExportRequest__Output as _mediavigil_v1_ExportRequest__Output } from '../../mediavigil/v1/ExportRequest.js';
import type { ExportResponse as _mediavigil_v1_ExportResponse, ExportResponse__Output as _mediavigil_v1_ExportResponse__Output } from '../../mediavigil/v1/ExportResponse.js';
import type { FindRestoreCopyRequest as _mediavigil_v1_FindRestoreCopyRequest, FindRestoreCopyRequest__Output as _mediavigil_v1_FindRestoreCopyRequest__Output } from '../../mediavigil/v1/FindRestoreCopyRequest.js';
import type { FindRestoreCopyResponse as _mediavigil_v1_FindRestoreCopyResponse, FindRestoreCopyResponse__Output as _mediavigil_v1_FindRestoreCopyResponse__Output } from '../../mediavigil/v1/FindRestoreCopyResponse.js';
import type { FinishRestoreRequest as _mediavigil_v1_FinishRestoreRequest, FinishRestoreRequest__Output as _mediavigil_v1_FinishRestoreRequest__Output } from '../../mediavigil/v1/FinishRestoreRequest.js';
import type { FinishRestoreResponse as _mediavigil_v1_FinishRestoreResponse, FinishRestoreResponse__Output as _mediavigil_v1_FinishRestoreResponse__Output } from '../../mediavigil/v1/FinishRestoreResponse.js';
import type { GetFileRequest as _mediavigil_v1_GetFileRequest, GetFileRequest__Output as _mediavigil_v1_GetFileRequest__Output } from '../../mediavigil/v1/GetFileRequest.js';
import type { GetFileResponse as _mediavigil_v1_GetFileResponse, GetFileResponse__Output as _mediavigil_v1_GetFileResponse__Output } from '../../mediavigil/v1/GetFileResponse.js';
import type { GetStatusRequest as _mediavigil_v1_GetStatusRequest, GetStatusRequest__Output as _mediavigil_v1_GetStatusRequest__Output } from '../../mediavigil/v1/GetStatusRequest.js';
import type { GetStatusResponse as _mediavigil_v1_GetStatusResponse, GetStatusResponse__Output as _mediavigil_v1_GetStatusResponse__Output } from '../../mediavigil/v1/GetStatusResponse.js';
import type { GetSweepRequest as _mediavigil_v1_GetSweepRequest, GetSweepRequest__Output as _mediavigil_v1_GetSweepRequest__Output } from '../../mediavigil/v1/GetSweepRequest.js';
import type { GetSweepResponse as _mediavigil_v1_GetSweepResponse, GetSweepResponse__Output as _mediavigil_v1_GetSweepResponse__Output } from '../../mediavigil/v1/GetSweepResponse.js';
import type { GetThumbnailRequest as _mediavigil_v1_GetThumbnailRequest, GetThumbnailRequest__Output as _mediavigil_v1_GetThumbnailRequest__Output } from '../../mediavigil/v1/GetThumbnailRequest.js';
import type { GetThumbnailResponse as _mediavigil_v1_GetThumbnailResponse, GetThumbnailResponse__Output as _mediavigil_v1_GetThumbnailResponse__Output } from '../../mediavigil/v1/GetThumbnailResponse.js';
import type { ListDuplicatesRequest as _mediavigil_v1_ListDuplicatesRequest, ListDuplicatesRequest__Output as _mediavigil_v1_ListDuplicatesRequest__Output } from '../../mediavigil/v1/ListDuplicatesRequest.js';
import type { ListDuplicatesResponse as _mediavigil_v1_ListDuplicatesResponse, ListDuplicatesResponse__Output as _mediavigil_v1_ListDuplicatesResponse__Output } from '../../mediavigil/v1/ListDuplicatesResponse.js';
import type { ListFilesRequest as _mediavigil_v1_ListFilesRequest, ListFilesRequest__Output as _mediavigil_v1_ListFilesRequest__Output } from '../../mediavigil/v1/ListFilesRequest.js';
import type { ListFilesResponse as _mediavigil_v1_ListFilesResponse, ListFilesResponse__Output as _mediavigil_v1_ListFilesResponse__Output } from '../../mediavigil/v1/ListFilesResponse.js';
import type { ListIgnoreRulesRequest as _mediavigil_v1_ListIgnoreRulesRequest, ListIgnoreRulesRequest__Output as _mediavigil_v1_ListIgnoreRulesRequest__Output } from '../../mediavigil/v1/ListIgnoreRulesRequest.js';
import type { ListIgnoreRulesResponse as _mediavigil_v1_ListIgnoreRulesResponse, ListIgnoreRulesResponse__Output as _mediavigil_v1_ListIgnoreRulesResponse__Output } from '../../mediavigil/v1/ListIgnoreRulesResponse.js';
import type { ListSweepsRequest as _mediavigil_v1_ListSweepsRequest, ListSweepsRequest__Output as _mediavigil_v1_ListSweepsRequest__Output } from '../../mediavigil/v1/ListSweepsRequest.js';
import type { ListSweepsResponse as _mediavigil_v1_ListSweepsResponse, ListSweepsResponse__Output as _mediavigil_v1_ListSweepsResponse__Output } from '../../mediavigil/v1/ListSweepsResponse.js';
import type { PauseRequest as _mediavigil_v1_PauseRequest, PauseRequest__Output as _mediavigil_v1_PauseRequest__Output } from '../../mediavigil/v1/PauseRequest.js';
import type { PauseResponse as _mediavigil_v1_PauseResponse, PauseResponse__Output as _mediavigil_v1_PauseResponse__Output } from '../../mediavigil/v1/PauseResponse.js';
import type { ReadRestoreCopyRequest as _mediavigil_v1_ReadRestoreCopyRequest, ReadRestoreCopyRequest__Output as _mediavigil_v1_ReadRestoreCopyRequest__Output } from '../../mediavigil/v1/ReadRestoreCopyRequest.js';
import type { ReadRestoreCopyResponse as _mediavigil_v1_ReadRestoreCopyResponse, ReadRestoreCopyResponse__Output as _mediavigil_v1_ReadRestoreCopyResponse__Output } from '../../mediavigil/v1/ReadRestoreCopyResponse.js';
import type { RecheckRequest as _mediavigil_v1_RecheckRequest, RecheckRequest__Output as _mediavigil_v1_RecheckRequest__Output } from '../../mediavigil/v1/RecheckRequest.js';
import type { RecheckResponse as _mediavigil_v1_RecheckResponse, RecheckResponse__Output as _mediavigil_v1_RecheckResponse__Output } from '../../mediavigil/v1/RecheckResponse.js';
import type { ReplaceRequest as _mediavigil_v1_ReplaceRequest, ReplaceRequest__Output as _mediavigil_v1_ReplaceRequest__Output } from '../../mediavigil/v1/ReplaceRequest.js';
import type { ReplaceResponse as _mediavigil_v1_ReplaceResponse, ReplaceResponse__Output as _mediavigil_v1_ReplaceResponse__Output } from '../../mediavigil/v1/ReplaceResponse.js';
import type { ResumeRequest as _mediavigil_v1_ResumeRequest, ResumeRequest__Output as _mediavigil_v1_ResumeRequest__Output } from '../../mediavigil/v1/ResumeRequest.js';
import type { ResumeResponse as _mediavigil_v1_ResumeResponse, ResumeResponse__Output as _mediavigil_v1_ResumeResponse__Output } from '../../mediavigil/v1/ResumeResponse.js';
import type { StartSweepRequest as _mediavigil_v1_StartSweepRequest, StartSweepRequest__Output as _mediavigil_v1_StartSweepRequest__Output } from '../../mediavigil/v1/StartSweepRequest.js';
import type { StartSweepResponse as _mediavigil_v1_StartSweepResponse, StartSweepResponse__Output as _mediavigil_v1_StartSweepResponse__Output } from '../../mediavigil/v1/StartSweepResponse.js';
import type { TestIntegrationsRequest as _mediavigil_v1_TestIntegrationsRequest, TestIntegrationsRequest__Output as _mediavigil_v1_TestIntegrationsRequest__Output } from '../../mediavigil/v1/TestIntegrationsRequest.js';
import type { TestIntegrationsResponse as _mediavigil_v1_TestIntegrationsResponse, TestIntegrationsResponse__Output as _mediavigil_v1_TestIntegrationsResponse__Output } from '../../mediavigil/v1/TestIntegrationsResponse.js';
import type { TestNotificationsRequest as _mediavigil_v1_TestNotificationsRequest, TestNotificationsRequest__Output as _mediavigil_v1_TestNotificationsRequest__Output } from '../../mediavigil/v1/TestNotificationsRequest.js';
import type { TestNotificationsResponse as _mediavigil_v1_TestNotificationsResponse, TestNotificationsResponse__Output as _mediavigil_v1_TestNotificationsResponse__Output } from '../../mediavigil/v1/TestNotificationsResponse.js';
import type { WatchEventsRequest as _mediavigil_v1_WatchEventsRequest, WatchEventsRequest__Output as _mediavigil_v1_WatchEventsRequest__Output } from '../../mediavigil/v1/WatchEventsRequest.js';
import type { WatchEventsResponse as _mediavigil_v1_WatchEventsResponse, WatchEventsResponse__Output as _mediavigil_v1_WatchEventsResponse__Output } from '../../mediavigil/v1/WatchEventsResponse.js';

export interface MediaVigilClient extends grpc.Client {
  Accept(argument: _mediavigil_v1_AcceptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  Accept(argument: _mediavigil_v1_AcceptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  Accept(argument: _mediavigil_v1_AcceptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  Accept(argument: _mediavigil_v1_AcceptRequest, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  accept(argument: _mediavigil_v1_AcceptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  accept(argument: _mediavigil_v1_AcceptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  accept(argument: _mediavigil_v1_AcceptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  accept(argument: _mediavigil_v1_AcceptRequest, callback: grpc.requestCallback<_mediavigil_v1_AcceptResponse__Output>): grpc.ClientUnaryCall;
  
  CancelSweep(argument: _mediavigil_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _mediavigil_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _mediavigil_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _mediavigil_v1_CancelSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _mediavigil_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _mediavigil_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _mediavigil_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _mediavigil_v1_CancelSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  
  CreateIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  CreateIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  CreateIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  CreateIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  createIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  createIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  createIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  createIgnoreRule(argument: _mediavigil_v1_CreateIgnoreRuleRequest, callback: grpc.requestCallback<_mediavigil_v1_CreateIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  DeleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  DeleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  DeleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  deleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  deleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  deleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  deleteIgnoreRule(argument: _mediavigil_v1_DeleteIgnoreRuleRequest, callback: grpc.requestCallback<_mediavigil_v1_DeleteIgnoreRuleResponse__Output>): grpc.ClientUnaryCall;
  
  Export(argument: _mediavigil_v1_ExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ExportResponse__Output>;
  Export(argument: _mediavigil_v1_ExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ExportResponse__Output>;
  export(argument: _mediavigil_v1_ExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ExportResponse__Output>;
  export(argument: _mediavigil_v1_ExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ExportResponse__Output>;
  
  FindRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  FindRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  FindRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  FindRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  findRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  findRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  findRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  findRestoreCopy(argument: _mediavigil_v1_FindRestoreCopyRequest, callback: grpc.requestCallback<_mediavigil_v1_FindRestoreCopyResponse__Output>): grpc.ClientUnaryCall;
  
  FinishRestore(argument: _mediavigil_v1_FinishRestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  FinishRestore(argument: _mediavigil_v1_FinishRestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  FinishRestore(argument: _mediavigil_v1_FinishRestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  FinishRestore(argument: _mediavigil_v1_FinishRestoreRequest, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  finishRestore(argument: _mediavigil_v1_FinishRestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  finishRestore(argument: _mediavigil_v1_FinishRestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  finishRestore(argument: _mediavigil_v1_FinishRestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  finishRestore(argument: _mediavigil_v1_FinishRestoreRequest, callback: grpc.requestCallback<_mediavigil_v1_FinishRestoreResponse__Output>): grpc.ClientUnaryCall;
  
  GetFile(argument: _mediavigil_v1_GetFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _mediavigil_v1_GetFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _mediavigil_v1_GetFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  GetFile(argument: _mediavigil_v1_GetFileRequest, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  getFile(argument: _mediavigil_v1_GetFileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  getFile(argument: _mediavigil_v1_GetFileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  getFile(argument: _mediavigil_v1_GetFileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  getFile(argument: _mediavigil_v1_GetFileRequest, callback: grpc.requestCallback<_mediavigil_v1_GetFileResponse__Output>): grpc.ClientUnaryCall;
  
  GetStatus(argument: _mediavigil_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _mediavigil_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _mediavigil_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _mediavigil_v1_GetStatusRequest, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _mediavigil_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _mediavigil_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _mediavigil_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _mediavigil_v1_GetStatusRequest, callback: grpc.requestCallback<_mediavigil_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
  
  GetSweep(argument: _mediavigil_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _mediavigil_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _mediavigil_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _mediavigil_v1_GetSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _mediavigil_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _mediavigil_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _mediavigil_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _mediavigil_v1_GetSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  
  GetThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  GetThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  GetThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  GetThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  getThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  getThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  getThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  getThumbnail(argument: _mediavigil_v1_GetThumbnailRequest, callback: grpc.requestCallback<_mediavigil_v1_GetThumbnailResponse__Output>): grpc.ClientUnaryCall;
  
  ListDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  ListDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  ListDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  ListDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  listDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  listDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  listDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  listDuplicates(argument: _mediavigil_v1_ListDuplicatesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListDuplicatesResponse__Output>): grpc.ClientUnaryCall;
  
  ListFiles(argument: _mediavigil_v1_ListFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _mediavigil_v1_ListFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _mediavigil_v1_ListFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  ListFiles(argument: _mediavigil_v1_ListFilesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _mediavigil_v1_ListFilesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _mediavigil_v1_ListFilesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _mediavigil_v1_ListFilesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  listFiles(argument: _mediavigil_v1_ListFilesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListFilesResponse__Output>): grpc.ClientUnaryCall;
  
  ListIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  ListIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  ListIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  ListIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  listIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  listIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  listIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  listIgnoreRules(argument: _mediavigil_v1_ListIgnoreRulesRequest, callback: grpc.requestCallback<_mediavigil_v1_ListIgnoreRulesResponse__Output>): grpc.ClientUnaryCall;
  
  ListSweeps(argument: _mediavigil_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _mediavigil_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _mediavigil_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _mediavigil_v1_ListSweepsRequest, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _mediavigil_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _mediavigil_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _mediavigil_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _mediavigil_v1_ListSweepsRequest, callback: grpc.requestCallback<_mediavigil_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  Pause(argument: _mediavigil_v1_PauseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  Pause(argument: _mediavigil_v1_PauseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  Pause(argument: _mediavigil_v1_PauseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  Pause(argument: _mediavigil_v1_PauseRequest, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  pause(argument: _mediavigil_v1_PauseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  pause(argument: _mediavigil_v1_PauseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  pause(argument: _mediavigil_v1_PauseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  pause(argument: _mediavigil_v1_PauseRequest, callback: grpc.requestCallback<_mediavigil_v1_PauseResponse__Output>): grpc.ClientUnaryCall;
  
  ReadRestoreCopy(argument: _mediavigil_v1_ReadRestoreCopyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ReadRestoreCopyResponse__Output>;
  ReadRestoreCopy(argument: _mediavigil_v1_ReadRestoreCopyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ReadRestoreCopyResponse__Output>;
  readRestoreCopy(argument: _mediavigil_v1_ReadRestoreCopyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ReadRestoreCopyResponse__Output>;
  readRestoreCopy(argument: _mediavigil_v1_ReadRestoreCopyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_ReadRestoreCopyResponse__Output>;
  
  Recheck(argument: _mediavigil_v1_RecheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  Recheck(argument: _mediavigil_v1_RecheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  Recheck(argument: _mediavigil_v1_RecheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  Recheck(argument: _mediavigil_v1_RecheckRequest, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  recheck(argument: _mediavigil_v1_RecheckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  recheck(argument: _mediavigil_v1_RecheckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  recheck(argument: _mediavigil_v1_RecheckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  recheck(argument: _mediavigil_v1_RecheckRequest, callback: grpc.requestCallback<_mediavigil_v1_RecheckResponse__Output>): grpc.ClientUnaryCall;
  
  Replace(argument: _mediavigil_v1_ReplaceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  Replace(argument: _mediavigil_v1_ReplaceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  Replace(argument: _mediavigil_v1_ReplaceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  Replace(argument: _mediavigil_v1_ReplaceRequest, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  replace(argument: _mediavigil_v1_ReplaceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  replace(argument: _mediavigil_v1_ReplaceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  replace(argument: _mediavigil_v1_ReplaceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  replace(argument: _mediavigil_v1_ReplaceRequest, callback: grpc.requestCallback<_mediavigil_v1_ReplaceResponse__Output>): grpc.ClientUnaryCall;
  
  Resume(argument: _mediavigil_v1_ResumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  Resume(argument: _mediavigil_v1_ResumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  Resume(argument: _mediavigil_v1_ResumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  Resume(argument: _mediavigil_v1_ResumeRequest, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  resume(argument: _mediavigil_v1_ResumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  resume(argument: _mediavigil_v1_ResumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  resume(argument: _mediavigil_v1_ResumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  resume(argument: _mediavigil_v1_ResumeRequest, callback: grpc.requestCallback<_mediavigil_v1_ResumeResponse__Output>): grpc.ClientUnaryCall;
  
  StartSweep(argument: _mediavigil_v1_StartSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  StartSweep(argument: _mediavigil_v1_StartSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  StartSweep(argument: _mediavigil_v1_StartSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  StartSweep(argument: _mediavigil_v1_StartSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  startSweep(argument: _mediavigil_v1_StartSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  startSweep(argument: _mediavigil_v1_StartSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  startSweep(argument: _mediavigil_v1_StartSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  startSweep(argument: _mediavigil_v1_StartSweepRequest, callback: grpc.requestCallback<_mediavigil_v1_StartSweepResponse__Output>): grpc.ClientUnaryCall;
  
  TestIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  TestIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  TestIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  TestIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  testIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  testIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  testIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  testIntegrations(argument: _mediavigil_v1_TestIntegrationsRequest, callback: grpc.requestCallback<_mediavigil_v1_TestIntegrationsResponse__Output>): grpc.ClientUnaryCall;
  
  TestNotifications(argument: _mediavigil_v1_TestNotificationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  TestNotifications(argument: _mediavigil_v1_TestNotificationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  TestNotifications(argument: _mediavigil_v1_TestNotificationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  TestNotifications(argument: _mediavigil_v1_TestNotificationsRequest, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  testNotifications(argument: _mediavigil_v1_TestNotificationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  testNotifications(argument: _mediavigil_v1_TestNotificationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  testNotifications(argument: _mediavigil_v1_TestNotificationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  testNotifications(argument: _mediavigil_v1_TestNotificationsRequest, callback: grpc.requestCallback<_mediavigil_v1_TestNotificationsResponse__Output>): grpc.ClientUnaryCall;
  
  WatchEvents(argument: _mediavigil_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_WatchEventsResponse__Output>;
  WatchEvents(argument: _mediavigil_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_WatchEventsResponse__Output>;
  watchEvents(argument: _mediavigil_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_WatchEventsResponse__Output>;
  watchEvents(argument: _mediavigil_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_mediavigil_v1_WatchEventsResponse__Output>;
  
}

export interface MediaVigilHandlers extends grpc.UntypedServiceImplementation {
  Accept: grpc.handleUnaryCall<_mediavigil_v1_AcceptRequest__Output, _mediavigil_v1_AcceptResponse>;
  
  CancelSweep: grpc.handleUnaryCall<_mediavigil_v1_CancelSweepRequest__Output, _mediavigil_v1_CancelSweepResponse>;
  
  CreateIgnoreRule: grpc.handleUnaryCall<_mediavigil_v1_CreateIgnoreRuleRequest__Output, _mediavigil_v1_CreateIgnoreRuleResponse>;
  
  DeleteIgnoreRule: grpc.handleUnaryCall<_mediavigil_v1_DeleteIgnoreRuleRequest__Output, _mediavigil_v1_DeleteIgnoreRuleResponse>;
  
  Export: grpc.handleServerStreamingCall<_mediavigil_v1_ExportRequest__Output, _mediavigil_v1_ExportResponse>;
  
  FindRestoreCopy: grpc.handleUnaryCall<_mediavigil_v1_FindRestoreCopyRequest__Output, _mediavigil_v1_FindRestoreCopyResponse>;
  
  FinishRestore: grpc.handleUnaryCall<_mediavigil_v1_FinishRestoreRequest__Output, _mediavigil_v1_FinishRestoreResponse>;
  
  GetFile: grpc.handleUnaryCall<_mediavigil_v1_GetFileRequest__Output, _mediavigil_v1_GetFileResponse>;
  
  GetStatus: grpc.handleUnaryCall<_mediavigil_v1_GetStatusRequest__Output, _mediavigil_v1_GetStatusResponse>;
  
  GetSweep: grpc.handleUnaryCall<_mediavigil_v1_GetSweepRequest__Output, _mediavigil_v1_GetSweepResponse>;
  
  GetThumbnail: grpc.handleUnaryCall<_mediavigil_v1_GetThumbnailRequest__Output, _mediavigil_v1_GetThumbnailResponse>;
  
  ListDuplicates: grpc.handleUnaryCall<_mediavigil_v1_ListDuplicatesRequest__Output, _mediavigil_v1_ListDuplicatesResponse>;
  
  ListFiles: grpc.handleUnaryCall<_mediavigil_v1_ListFilesRequest__Output, _mediavigil_v1_ListFilesResponse>;
  
  ListIgnoreRules: grpc.handleUnaryCall<_mediavigil_v1_ListIgnoreRulesRequest__Output, _mediavigil_v1_ListIgnoreRulesResponse>;
  
  ListSweeps: grpc.handleUnaryCall<_mediavigil_v1_ListSweepsRequest__Output, _mediavigil_v1_ListSweepsResponse>;
  
  Pause: grpc.handleUnaryCall<_mediavigil_v1_PauseRequest__Output, _mediavigil_v1_PauseResponse>;
  
  ReadRestoreCopy: grpc.handleServerStreamingCall<_mediavigil_v1_ReadRestoreCopyRequest__Output, _mediavigil_v1_ReadRestoreCopyResponse>;
  
  Recheck: grpc.handleUnaryCall<_mediavigil_v1_RecheckRequest__Output, _mediavigil_v1_RecheckResponse>;
  
  Replace: grpc.handleUnaryCall<_mediavigil_v1_ReplaceRequest__Output, _mediavigil_v1_ReplaceResponse>;
  
  Resume: grpc.handleUnaryCall<_mediavigil_v1_ResumeRequest__Output, _mediavigil_v1_ResumeResponse>;
  
  StartSweep: grpc.handleUnaryCall<_mediavigil_v1_StartSweepRequest__Output, _mediavigil_v1_StartSweepResponse>;
  
  TestIntegrations: grpc.handleUnaryCall<_mediavigil_v1_TestIntegrationsRequest__Output, _mediavigil_v1_TestIntegrationsResponse>;
  
  TestNotifications: grpc.handleUnaryCall<_mediavigil_v1_TestNotificationsRequest__Output, _mediavigil_v1_TestNotificationsResponse>;
  
  WatchEvents: grpc.handleServerStreamingCall<_mediavigil_v1_WatchEventsRequest__Output, _mediavigil_v1_WatchEventsResponse>;
  
}

export interface MediaVigilDefinition extends grpc.ServiceDefinition {
  Accept: MethodDefinition<_mediavigil_v1_AcceptRequest, _mediavigil_v1_AcceptResponse, _mediavigil_v1_AcceptRequest__Output, _mediavigil_v1_AcceptResponse__Output>
  CancelSweep: MethodDefinition<_mediavigil_v1_CancelSweepRequest, _mediavigil_v1_CancelSweepResponse, _mediavigil_v1_CancelSweepRequest__Output, _mediavigil_v1_CancelSweepResponse__Output>
  CreateIgnoreRule: MethodDefinition<_mediavigil_v1_CreateIgnoreRuleRequest, _mediavigil_v1_CreateIgnoreRuleResponse, _mediavigil_v1_CreateIgnoreRuleRequest__Output, _mediavigil_v1_CreateIgnoreRuleResponse__Output>
  DeleteIgnoreRule: MethodDefinition<_mediavigil_v1_DeleteIgnoreRuleRequest, _mediavigil_v1_DeleteIgnoreRuleResponse, _mediavigil_v1_DeleteIgnoreRuleRequest__Output, _mediavigil_v1_DeleteIgnoreRuleResponse__Output>
  Export: MethodDefinition<_mediavigil_v1_ExportRequest, _mediavigil_v1_ExportResponse, _mediavigil_v1_ExportRequest__Output, _mediavigil_v1_ExportResponse__Output>
  FindRestoreCopy: MethodDefinition<_mediavigil_v1_FindRestoreCopyRequest, _mediavigil_v1_FindRestoreCopyResponse, _mediavigil_v1_FindRestoreCopyRequest__Output, _mediavigil_v1_FindRestoreCopyResponse__Output>
  FinishRestore: MethodDefinition<_mediavigil_v1_FinishRestoreRequest, _mediavigil_v1_FinishRestoreResponse, _mediavigil_v1_FinishRestoreRequest__Output, _mediavigil_v1_FinishRestoreResponse__Output>
  GetFile: MethodDefinition<_mediavigil_v1_GetFileRequest, _mediavigil_v1_GetFileResponse, _mediavigil_v1_GetFileRequest__Output, _mediavigil_v1_GetFileResponse__Output>
  GetStatus: MethodDefinition<_mediavigil_v1_GetStatusRequest, _mediavigil_v1_GetStatusResponse, _mediavigil_v1_GetStatusRequest__Output, _mediavigil_v1_GetStatusResponse__Output>
  GetSweep: MethodDefinition<_mediavigil_v1_GetSweepRequest, _mediavigil_v1_GetSweepResponse, _mediavigil_v1_GetSweepRequest__Output, _mediavigil_v1_GetSweepResponse__Output>
  GetThumbnail: MethodDefinition<_mediavigil_v1_GetThumbnailRequest, _mediavigil_v1_GetThumbnailResponse, _mediavigil_v1_GetThumbnailRequest__Output, _mediavigil_v1_GetThumbnailResponse__Output>
  ListDuplicates: MethodDefinition<_mediavigil_v1_ListDuplicatesRequest, _mediavigil_v1_ListDuplicatesResponse, _mediavigil_v1_ListDuplicatesRequest__Output, _mediavigil_v1_ListDuplicatesResponse__Output>
  ListFiles: MethodDefinition<_mediavigil_v1_ListFilesRequest, _mediavigil_v1_ListFilesResponse, _mediavigil_v1_ListFilesRequest__Output, _mediavigil_v1_ListFilesResponse__Output>
  ListIgnoreRules: MethodDefinition<_mediavigil_v1_ListIgnoreRulesRequest, _mediavigil_v1_ListIgnoreRulesResponse, _mediavigil_v1_ListIgnoreRulesRequest__Output, _mediavigil_v1_ListIgnoreRulesResponse__Output>
  ListSweeps: MethodDefinition<_mediavigil_v1_ListSweepsRequest, _mediavigil_v1_ListSweepsResponse, _mediavigil_v1_ListSweepsRequest__Output, _mediavigil_v1_ListSweepsResponse__Output>
  Pause: MethodDefinition<_mediavigil_v1_PauseRequest, _mediavigil_v1_PauseResponse, _mediavigil_v1_PauseRequest__Output, _mediavigil_v1_PauseResponse__Output>
  ReadRestoreCopy: MethodDefinition<_mediavigil_v1_ReadRestoreCopyRequest, _mediavigil_v1_ReadRestoreCopyResponse, _mediavigil_v1_ReadRestoreCopyRequest__Output, _mediavigil_v1_ReadRestoreCopyResponse__Output>
  Recheck: MethodDefinition<_mediavigil_v1_RecheckRequest, _mediavigil_v1_RecheckResponse, _mediavigil_v1_RecheckRequest__Output, _mediavigil_v1_RecheckResponse__Output>
  Replace: MethodDefinition<_mediavigil_v1_ReplaceRequest, _mediavigil_v1_ReplaceResponse, _mediavigil_v1_ReplaceRequest__Output, _mediavigil_v1_ReplaceResponse__Output>
  Resume: MethodDefinition<_mediavigil_v1_ResumeRequest, _mediavigil_v1_ResumeResponse, _mediavigil_v1_ResumeRequest__Output, _mediavigil_v1_ResumeResponse__Output>
  StartSweep: MethodDefinition<_mediavigil_v1_StartSweepRequest, _mediavigil_v1_StartSweepResponse, _mediavigil_v1_StartSweepRequest__Output, _mediavigil_v1_StartSweepResponse__Output>
  TestIntegrations: MethodDefinition<_mediavigil_v1_TestIntegrationsRequest, _mediavigil_v1_TestIntegrationsResponse, _mediavigil_v1_TestIntegrationsRequest__Output, _mediavigil_v1_TestIntegrationsResponse__Output>
  TestNotifications: MethodDefinition<_mediavigil_v1_TestNotificationsRequest, _mediavigil_v1_TestNotificationsResponse, _mediavigil_v1_TestNotificationsRequest__Output, _mediavigil_v1_TestNotificationsResponse__Output>
  WatchEvents: MethodDefinition<_mediavigil_v1_WatchEventsRequest, _mediavigil_v1_WatchEventsResponse, _mediavigil_v1_WatchEventsRequest__Output, _mediavigil_v1_WatchEventsResponse__Output>
}
